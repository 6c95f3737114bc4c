import Foundation
import Testing
@testable import DoorstroomCore

/// The charts in a real browser (issue #11): headless Chromium loads them
/// without console errors and draws them. Skipped, with the reason, where
/// Chromium cannot be installed.
@Suite("Charts in a browser")
struct BrowserRenderTests {
    static func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("doorstroom-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func isPNG(_ url: URL) -> Bool {
        guard let data = try? Data(contentsOf: url) else { return false }
        return data.count > 1000 && data.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test("the heat map and the tornado chart, inline in an HTML page: no console errors, two <svg> elements, a PNG")
    func chartsRender() throws {
        let browser = try HeadlessBrowser.requireOrSkip()
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hostile = "<script>alert(\"x\")</script> & =cmd|"
        let cells = StressHeatMapTests.cells(scenarios: ["base", hostile], municipalities: ["Den Haag", hostile])
        let heat = StressHeatMap(title: "P(deficit) \(hostile)", cells: cells).svg()
        let tornado = TornadoChart(title: "balance_cumulative", bars: TornadoChartTests.bars + [
            TornadoChart.Bar(parameter: hostile, prcc: -0.1, low: -0.2, high: 0, n: 400)]).svg()
        let page = dir.appendingPathComponent("charts.html")
        try """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>charts</title></head>
        <body>
        \(heat)
        \(tornado)
        </body></html>
        """.write(to: page, atomically: true, encoding: .utf8)
        let shot = dir.appendingPathComponent("charts.png")
        let rendering = try browser.render(page, screenshot: shot)
        #expect(rendering.errors.isEmpty, "\(rendering.errors)")
        #expect(rendering.count("svg") == 2)
        #expect(rendering.count("script") == 0)
        #expect(Self.isPNG(shot))
        print("rendered charts.html in Chromium in \(String(format: "%.2f", rendering.seconds)) s")
    }

    @Test("a standalone SVG file renders too")
    func svgFile() throws {
        let browser = try HeadlessBrowser.requireOrSkip()
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("tornado.svg")
        try TornadoChart(title: "t", bars: TornadoChartTests.bars).svg().write(to: file, atomically: true, encoding: .utf8)
        let rendering = try browser.render(file, screenshot: dir.appendingPathComponent("tornado.png"))
        #expect(rendering.errors.isEmpty, "\(rendering.errors)")
        #expect(rendering.count("svg") == 1)
        #expect(Self.isPNG(dir.appendingPathComponent("tornado.png")))
    }

    @Test("the harness sees what it should: an uncaught exception, console.error, a rejected promise and a missing image")
    func harnessCatchesErrors() throws {
        let browser = try HeadlessBrowser.requireOrSkip()
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("broken.html")
        try """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>broken</title></head>
        <body><p>x</p><img src="missing-picture.png" alt="">
        <script>console.error("deliberate console error");</script>
        <script>Promise.reject(new Error("deliberate rejection"));</script>
        <script>throw new Error("deliberate exception");</script>
        </body></html>
        """.write(to: page, atomically: true, encoding: .utf8)
        let rendering = try browser.render(page, screenshot: dir.appendingPathComponent("broken.png"))
        let all = rendering.errors.joined(separator: "\n")
        #expect(all.contains("deliberate console error"), "\(all)")
        #expect(all.contains("deliberate exception"), "\(all)")
        #expect(all.contains("deliberate rejection"), "\(all)")
        #expect(all.contains("missing-picture.png"), "\(all)")
        #expect(rendering.seconds < 30)
    }

    @Test("a page that never finishes loading is given up after the time limit: Chromium is killed and its folder removed")
    func timeout() throws {
        let browser = try HeadlessBrowser.requireOrSkip()
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("hang.html")
        try "<!DOCTYPE html><html><body><script>while (true) {}</script></body></html>"
            .write(to: page, atomically: true, encoding: .utf8)
        let scratch = dir.appendingPathComponent("scratch")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let started = Date()
        let error = try #require(throws: HeadlessBrowser.Failure.self) {
            try browser.render(page, screenshot: dir.appendingPathComponent("hang.png"), timeout: 3, scratch: scratch)
        }
        #expect(error.description.contains("time limit"))
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).isEmpty)
        #if os(Linux)
        // No process of that render is left: none has the scratch folder on its command line.
        let survivors = try FileManager.default.contentsOfDirectory(atPath: "/proc").filter { Int($0) != nil }.filter { pid in
            let cmdline = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline"))) ?? Data()
            return String(decoding: cmdline, as: UTF8.self).contains(scratch.path)
        }
        #expect(survivors.isEmpty, "still running: \(survivors)")
        #endif
    }
}

/// Renders the example batch outputs named by DOORSTROOM_PREVIEW_STRESS and
/// DOORSTROOM_PREVIEW_SENSITIVITY into DOORSTROOM_PREVIEW_DIR, for looking at.
@Suite("Chart preview", .enabled(if: ProcessInfo.processInfo.environment["DOORSTROOM_PREVIEW_DIR"] != nil))
struct ChartPreview {
    @Test func preview() throws {
        let env = ProcessInfo.processInfo.environment
        let dir = URL(fileURLWithPath: env["DOORSTROOM_PREVIEW_DIR"]!)
        let stress = try StressTableReader(file: env["DOORSTROOM_PREVIEW_STRESS"]!)
        let sensitivity = try SensitivityTableReader(file: env["DOORSTROOM_PREVIEW_SENSITIVITY"]!)
        var body = StressHeatMap(title: "P(deficit) — Den Haag sweep", subtitle: "batch s", cells: stress.cells).svg()
        for key in sensitivity.keys.prefix(3) {
            body += TornadoChart(title: "\(key.outcome) — \(key.municipality)", subtitle: "year \(sensitivity.years[key]!)",
                                 bars: sensitivity.bars[key]!).svg()
        }
        let page = dir.appendingPathComponent("preview.html")
        try "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>p</title></head><body>\(body)</body></html>"
            .write(to: page, atomically: true, encoding: .utf8)
        let browser = try HeadlessBrowser.requireOrSkip()
        let r = try browser.render(page, screenshot: dir.appendingPathComponent("preview.png"))
        #expect(r.errors.isEmpty, "\(r.errors)")
        print("preview rendered in \(r.seconds) s")
    }
}
