import Foundation

/// The first step of a batch: the command line's inputs become
/// ``BatchEntry`` values. A scenario file is one entry; a folder is every
/// `*.yaml` file in it and its sub-folders (hidden ones skipped), sorted by
/// path. Entries have no settings and no name of their own: they run under
/// their scenarios' names.
///
/// Other readers that make entries (a sweep file: one base scenario and a
/// grid of settings, each point named) produce the same `[BatchEntry]`, and
/// everything after this step treats them alike.
public enum BatchInputs {
    /// The entries for `paths`, in the order given (each folder's files in
    /// path order). Throws every folder without scenario files, each as
    /// `FOLDER: error: …`; a path that is not a folder is taken as a
    /// scenario file (the loader reports one that cannot be read).
    public static func entries(from paths: [String]) throws(InputError) -> [BatchEntry] {
        try read(paths).entries
    }

    /// The entries for `paths`, where a sweep file (a YAML file with a
    /// top-level `sweep:`) gives its points, and the reference the inputs
    /// name: the first sweep's, if any.
    public static func read(_ paths: [String]) throws(InputError) -> (entries: [BatchEntry], reference: String?) {
        var entries: [BatchEntry] = []
        var problems: [Diagnostic] = []
        var reference: String?
        for path in paths {
            var isFolder: ObjCBool = false
            // Anything but a folder is a scenario file; one that cannot be read is reported when loaded.
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else {
                if Sweep.isSweepFile(path) {
                    do {
                        let sweep = try Sweep.load(path: path)
                        entries += sweep.entries
                        reference = reference ?? sweep.reference
                    } catch {
                        problems += error.diagnostics
                    }
                } else {
                    entries.append(BatchEntry(file: path))
                }
                continue
            }
            let files = scenarioFiles(in: path)
            if files.isEmpty {
                problems.append(Diagnostic(file: path, line: nil, column: nil, field: "",
                                           message: "expected scenario files (*.yaml) in this folder or its sub-folders, found none"))
            }
            entries += files.map { BatchEntry(file: $0) }
        }
        guard problems.isEmpty else { throw InputError(problems) }
        return (entries, reference)
    }

    /// The `*.yaml` files under `folder`, recursively, skipping hidden files
    /// and folders, sorted by path; each path begins with `folder`.
    static func scenarioFiles(in folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var relative: [String] = []
        while let path = walker.nextObject() as? String {
            let isFolder = walker.fileAttributes?[.type] as? FileAttributeType == .typeDirectory
            if (path as NSString).lastPathComponent.hasPrefix(".") {
                if isFolder { walker.skipDescendants() }
                continue
            }
            if !isFolder && path.hasSuffix(".yaml") { relative.append(path) }
        }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return relative.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { base + $0 }
    }
}
