/// Two finished runs compared replication by replication (`doorstroom
/// compare A B`): the paired differences B − A of every cell both report.
///
/// The runs must share the seed and the replication range, so replication r
/// of B met the same luck as replication r of A wherever the scenarios
/// agree (common random numbers), and have the same regions, municipalities
/// and years. Anything else is refused with every problem found, each
/// pointing at the file, line and column that shows it.
public struct RunComparison: Sendable {
    /// A, the run compared against.
    public let reference: FinishedRun
    /// B.
    public let variant: FinishedRun
    /// The differences B − A, in the reference's row order.
    public let rows: [DifferenceRow]

    /// Reads and checks both run folders and computes the differences.
    public init(reference referenceFolder: String, variant variantFolder: String) throws(InputError) {
        // Cheap checks first: a missing file or another seed should not wait for two large files to be parsed.
        var problems: [Diagnostic] = []
        var a: FinishedRun?, b: FinishedRun?
        do { a = try FinishedRun(folder: referenceFolder) } catch { problems += error.diagnostics }
        do { b = try FinishedRun(folder: variantFolder) } catch { problems += error.diagnostics }
        guard var a, var b, problems.isEmpty else { throw InputError(problems) }
        problems = a.problems + b.problems

        if a.header.seed != b.header.seed {
            let (line, column) = b.location(of: "seed")
            problems.append(Diagnostic(file: b.path("manifest.json"), line: line, column: column, field: "seed",
                                       message: "expected the reference's seed \(a.header.seed) (\(a.path("manifest.json"))), "
                                       + "found \(b.header.seed); paired differences need both runs on the same random streams"))
        }
        if a.header.replicationRange != b.header.replicationRange {
            let (line, column) = b.location(of: "replications")
            problems.append(Diagnostic(file: b.path("manifest.json"), line: line, column: column, field: "replications",
                                       message: "expected the reference's replications "
                                       + "\(PairedDifferences.describe(a.header.replicationRange)) (\(a.path("manifest.json"))), "
                                       + "found \(PairedDifferences.describe(b.header.replicationRange)); pairs need the same replications"))
        }
        guard problems.isEmpty else { throw InputError(problems) }

        do { try a.readReplications() } catch { problems += error.diagnostics }
        do { try b.readReplications() } catch { problems += error.diagnostics }
        guard problems.isEmpty, let tableA = a.table, let tableB = b.table else { throw InputError(problems) }

        for difference in PairedDifferences.shapeDifferences(reference: tableA.samples.rows, variant: tableB.samples.rows) {
            let (run, table, other) = difference.inReference ? (a, tableA, b) : (b, tableB, a)
            let origin = table.origins[table.samples.rows.firstIndex(of: difference.row)!]
            let column = switch difference.field {
            case "region": origin.regionColumn
            case "municipality": origin.municipalityColumn
            default: origin.yearColumn
            }
            problems.append(Diagnostic(file: run.path("replications.csv"), line: origin.line, column: column,
                                       field: difference.field,
                                       message: "\(difference.message) (\(other.path("replications.csv"))); "
                                       + "both runs need the same regions, municipalities and years"))
        }
        guard problems.isEmpty else { throw InputError(problems) }

        do {
            rows = try PairedDifferences.compare(reference: tableA.samples, variant: tableB.samples)
        } catch {
            throw InputError(error.problems.map {
                Diagnostic(file: b.path("replications.csv"), line: 1, column: 1, field: "", message: $0)
            })
        }
        // The samples have served; keep the headers and hashes only.
        a.dropTable()
        b.dropTable()
        reference = a
        variant = b
    }

    /// The folder the comparison is written to, inside the output folder:
    /// `<B-scenario>-vs-<A-scenario>`.
    public var folderName: String { "\(variant.header.scenario)-vs-\(reference.header.scenario)" }

    /// `differences.csv`.
    public func csv() -> String {
        DifferencesTable.csv(rows, scenario: variant.header.scenario, reference: reference.header.scenario)
    }

    /// `manifest.json` of the comparison.
    public func manifest(command: [String]) -> ComparisonManifest {
        ComparisonManifest(reference: reference, variant: variant, command: command)
    }
}
