import Foundation
import Testing
@testable import DoorstroomCore

/// The documentation stays true to the code.
@Suite("Documentation")
struct DocumentationTests {
    func read(_ path: String) throws -> String {
        try String(contentsOf: TestSupport.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    @Test("docs/model.md and docs/finance.md define every metric")
    func metrics() throws {
        let doc = try read("docs/model.md") + read("docs/finance.md")
        for m in Metric.all {
            let generic = m.name
                .replacingOccurrences(of: #"_(intramural|tussenvorm|ambulant|shelter)$"#, with: "_<state>", options: .regularExpression)
                .replacingOccurrences(of: #"^outflow_.*$"#, with: "outflow_<exit>", options: .regularExpression)
            #expect(doc.contains("`\(generic)`"), "\(m.name) is not in docs/model.md")
        }
    }

    @Test("docs/model.md and the README name every column of differences.csv")
    func differencesColumns() throws {
        let model = try read("docs/model.md"), readme = try read("README.md")
        for column in DifferencesTable.header {
            #expect(model.contains("`\(column)`"), "\(column) is not in docs/model.md")
        }
        #expect(readme.contains(DifferencesTable.header.joined(separator: ", ")))
    }

    @Test("the README names every column of a batch's index.csv")
    func batchIndexColumns() throws {
        #expect(try read("README.md").contains(BatchIndexTable.header.joined(separator: ", ")))
    }

    @Test("docs/scenario-reference.md names every top-level field")
    func scenarioFields() throws {
        let doc = try read("docs/scenario-reference.md")
        for key in ScenarioReader.topKeys + ScenarioReader.financeKeys + ScenarioReader.diagnosticsKeys {
            #expect(doc.contains("`\(key)`"), "\(key) is not in docs/scenario-reference.md")
        }
    }

    @Test("the README lists every shipped scenario")
    func scenarios() throws {
        let readme = try read("README.md")
        let root = TestSupport.packageRoot.appendingPathComponent("Scenarios")
        for f in try FileManager.default.subpathsOfDirectory(atPath: root.path) where f.hasSuffix(".yaml") {
            #expect(readme.contains("Scenarios/\(f)"), "Scenarios/\(f) is not in the README")
        }
    }
}
