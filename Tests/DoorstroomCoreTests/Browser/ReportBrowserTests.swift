import Foundation
import Testing
@testable import DoorstroomCore

/// `report.html` of the shipped Den Haag baseline and the shipped Den Haag
/// stress sweep in headless Chromium (issue #11): loaded without console
/// errors or failed loads, with the expected charts, and a PNG screenshot.
/// Skipped, with the reason, where Chromium cannot be installed.
@Suite("Reports in a browser", .serialized)
struct ReportBrowserTests {
    @Test("the Den Haag baseline's report: no errors, its sections and charts, a screenshot")
    func baselineReport() throws {
        let browser = try HeadlessBrowser.requireOrSkip()
        let dir = try BrowserRenderTests.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try TestSupport.runTool(["run", TestSupport.packageRoot.appendingPathComponent("Scenarios/den-haag/baseline.yaml").path, "--replications", "12",
                                         "--pilot-replications", "4", "--output", dir.path, "--run-id", "r", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let shot = dir.appendingPathComponent("baseline.png")
        let rendering = try browser.render(dir.appendingPathComponent("den-haag-baseline/r/report.html"), screenshot: shot)
        #expect(rendering.errors.isEmpty, "\(rendering.errors)")
        for id in ["headline", "clients", "balance", "ingroeipad", "manifest"] {
            #expect(rendering.dom.contains("<section id=\"\(id)\">"), "no section \(id)")
        }
        // Four client fans and a balance fan for each of the five municipalities and the region.
        #expect(rendering.count("svg") == 4 + 6, "\(rendering.count("svg")) charts")
        #expect(rendering.count("script") == 0)
        #expect(BrowserRenderTests.isPNG(shot))
    }

    @Test("the Den Haag stress sweep's report: no errors, the heat map, the difference fans, a screenshot")
    func sweepReport() throws {
        let browser = try HeadlessBrowser.requireOrSkip()
        let dir = try BrowserRenderTests.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try TestSupport.runTool(["batch", TestSupport.packageRoot.appendingPathComponent("Sweeps/den-haag-stress.yaml").path, "--replications", "6", "--pilot-replications", "4",
                                         "--output", dir.path, "--batch-id", "s", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let shot = dir.appendingPathComponent("sweep.png")
        let rendering = try browser.render(dir.appendingPathComponent("s/report.html"), screenshot: shot)
        #expect(rendering.errors.isEmpty, "\(rendering.errors)")
        #expect(rendering.dom.contains("<section id=\"stress\">") && rendering.dom.contains("<section id=\"differences\">"))
        // The heat map (one SVG, a panel per sweep point) and, for the five municipalities and the region,
        // the differences of the eleven other points against the base in charts of at most six: 6 × 2.
        #expect(rendering.count("svg") == 1 + 6 * 2, "\(rendering.count("svg")) charts")
        #expect(rendering.dom.contains("den-haag-stress-years-15-profile-linear"))
        #expect(BrowserRenderTests.isPNG(shot))
    }
}
