// CYaml is the libyaml that Yams is built on (a module of the Yams package,
// reached through its product). Its event stream is scanned before Yams
// composes the text because Yams' composer throws on the first duplicated
// key, without its location, and hashes every mapping key, which an alias
// bomb used as a key turns into minutes of work before any check could run.
import CYaml
import Yams

/// Composes one YAML document into Yams nodes, with the checks a scenario
/// file needs before anything walks the nodes:
///
/// - a duplicated key is reported at the duplicate, with its field path, and
///   left out (the first value is used), so reading goes on and finds the
///   other problems;
/// - an alias may not be a mapping key, and aliases may add at most
///   ``maximumAliasNodes`` values in all (an alias bomb is refused at once);
/// - a line break other than `\n` or `\r\n` (a lone `\r`, U+0085, U+2028,
///   U+2029) is refused, so that every line and column reported is the one an
///   editor shows;
/// - syntax errors carry a line and column that exist in the file.
struct YAMLComposer {
    /// The most values that aliases may add to a document by repeating anchored ones.
    static let maximumAliasNodes = 10_000

    let text: String
    let file: String
    let log: DiagnosticLog

    /// The document's root, or nil when the text is empty or could not be
    /// composed (with diagnostics in `log`). `path` is the field path of the
    /// root: empty for a scenario file, the including field's for an included one.
    func compose(path: String = "") -> Node? {
        if let position = Self.unusualLineBreak(in: text) {
            add(position, "", "malformed YAML: a line break other than a newline (\(position.scalar)); "
                + "use plain newlines (\\n or \\r\\n)")
            return nil
        }
        var bytes = Array(text.utf8)
        bytes.append(0)  // libyaml reads by length; the terminator only keeps the pointer valid when empty
        let duplicates = bytes.withUnsafeBufferPointer { buffer -> [Range<Int>]? in
            let scan = Scan(composer: self, bytes: buffer.baseAddress!, count: buffer.count - 1)
            defer { scan.finish() }
            return try? scan.document(path: path)
        }
        guard let duplicates else { return nil }
        do {
            guard let node = try Yams.compose(yaml: duplicates.isEmpty ? text : blanking(duplicates)) else {
                add(TextPosition(line: 1, column: 1), "", "the file is empty; expected a YAML mapping")
                return nil
            }
            return node
        } catch let e as YamlError {
            // Not expected after the scan; kept so that no input can escape the format.
            switch e {
            case let .scanner(_, problem, mark, _), let .parser(_, problem, mark, _), let .composer(_, problem, mark, _):
                add(TextPosition(line: mark.line, column: mark.column), "", "malformed YAML: \(problem)")
            case let .duplicatedKeysInMapping(keys, context):
                add(TextPosition(line: context.mark.line, column: context.mark.column), "",
                    "duplicate key `\(keys.joined(separator: "`, `"))`")
            default:
                add(TextPosition(line: 1, column: 1), "", "malformed YAML: \(e)")
            }
            return nil
        } catch {
            add(TextPosition(line: 1, column: 1), "", "malformed YAML: \(error)")
            return nil
        }
    }

    /// The text with the characters in `ranges` (offsets in Unicode scalars)
    /// replaced by spaces, line breaks kept: every other value keeps its line
    /// and column.
    func blanking(_ ranges: [Range<Int>]) -> String {
        var scalars = Array(text.unicodeScalars)
        // libyaml does not count a byte-order mark in its offsets.
        let shift = scalars.first == "\u{FEFF}" ? 1 : 0
        for range in ranges {
            for i in (range.lowerBound + shift)..<min(range.upperBound + shift, scalars.count)
            where scalars[i] != "\n" && scalars[i] != "\r" {
                scalars[i] = " "
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    fileprivate func add(_ position: TextPosition, _ field: String, _ message: String) {
        let p = position.clamped(to: text)
        log.add(Diagnostic(file: file, line: p.line, column: p.column, field: field, message: message))
    }

    /// The first lone `\r`, NEL, line or paragraph separator: libyaml counts
    /// them as line breaks, editors and our CSV reader do not all.
    static func unusualLineBreak(in text: String) -> (line: Int, column: Int, scalar: String)? {
        var line = 1, column = 1
        var previousCR = false
        for s in text.unicodeScalars {
            if previousCR && s != "\n" { return (line, column - 1, "U+000D, a carriage return") }
            previousCR = s == "\r"
            switch s.value {
            case 0x0A: line += 1; column = 1; continue
            case 0x85, 0x2028, 0x2029:
                return (line, column, "U+\(String(s.value, radix: 16, uppercase: true).leftPadded(to: 4))")
            default: column += 1
            }
        }
        return previousCR ? (line, column - 1, "U+000D, a carriage return") : nil
    }
}

private extension YAMLComposer {
    func add(_ position: (line: Int, column: Int, scalar: String), _ field: String, _ message: String) {
        add(TextPosition(line: position.line, column: position.column), field, message)
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

/// The scan ended by a problem already logged.
private struct Stop: Error {}

/// One libyaml event, deleted when released.
private final class ParserEvent {
    var event = yaml_event_t()
    deinit { yaml_event_delete(&event) }

    var type: yaml_event_type_t { event.type }
    var position: TextPosition {
        TextPosition(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
    }
    /// Offsets in Unicode scalars, as libyaml counts them.
    var start: Int { Int(event.start_mark.index) }
    var end: Int { Int(event.end_mark.index) }
}

/// One pass over a document's events: checks keys and aliases, and collects
/// the text ranges of duplicated entries to leave out.
private final class Scan {
    let composer: YAMLComposer
    var parser = yaml_parser_t()
    /// Each anchor's size (values) with every alias inside it expanded.
    var anchors: [String: Int] = [:]
    /// Values added by aliases so far.
    var aliasNodes = 0
    var duplicates: [Range<Int>] = []

    init(composer: YAMLComposer, bytes: UnsafePointer<UInt8>, count: Int) {
        self.composer = composer
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes, count)
    }

    func finish() { yaml_parser_delete(&parser) }

    /// The ranges to blank, after checking the whole stream (one document at most).
    func document(path: String) throws(Stop) -> [Range<Int>] {
        _ = try next()  // stream start
        let start = try next()
        guard start.type != YAML_STREAM_END_EVENT else { return [] }  // empty: Yams says so
        _ = try node(try next(), path: path)
        _ = try next()  // document end
        let after = try next()
        if after.type != YAML_STREAM_END_EVENT {
            composer.add(after.position, "", "malformed YAML: expected one document, found another (`---`)")
            throw Stop()
        }
        return duplicates
    }

    func next() throws(Stop) -> ParserEvent {
        let event = ParserEvent()
        guard yaml_parser_parse(&parser, &event.event) == 1 else {
            reportParserError()
            throw Stop()
        }
        return event
    }

    /// Scans the node that starts with `event`; returns its size (values,
    /// aliases expanded) and where its text ends.
    func node(_ event: ParserEvent, path: String) throws(Stop) -> (size: Int, end: Int) {
        switch event.type {
        case YAML_SCALAR_EVENT:
            return anchored(event.event.data.scalar.anchor, (1, event.end))
        case YAML_SEQUENCE_START_EVENT:
            var size = 1, index = 0
            while true {
                let e = try next()
                if e.type == YAML_SEQUENCE_END_EVENT { return anchored(event.event.data.sequence_start.anchor, (size, e.end)) }
                size += try node(e, path: "\(path)[\(index)]").size
                index += 1
            }
        case YAML_MAPPING_START_EVENT:
            let flow = event.event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE
            var firstLine: [String: Int] = [:]
            var size = 1
            var previousEnd = event.end
            while true {
                let k = try next()
                if k.type == YAML_MAPPING_END_EVENT { return anchored(event.event.data.mapping_start.anchor, (size, k.end)) }
                if k.type == YAML_ALIAS_EVENT {
                    composer.add(k.position, path, "an alias (`*\(Self.text(k.event.data.alias.anchor))`) cannot be a key; "
                                 + "write the key out")
                    throw Stop()
                }
                let name: String? = k.type == YAML_SCALAR_EVENT ? Self.scalar(k) : nil
                let childPath = path.isEmpty ? name ?? "" : "\(path).\(name ?? "")"
                size += try node(k, path: path).size
                let value = try node(try next(), path: childPath)
                size += value.size
                guard let name else { previousEnd = value.end; continue }
                if let line = firstLine[name] {
                    composer.add(k.position, childPath, "duplicate key `\(name)` (first given on line \(line)); "
                                 + "the first value is used")
                    // In a flow mapping the comma before the entry goes too.
                    duplicates.append((flow ? previousEnd : k.start)..<value.end)
                } else {
                    firstLine[name] = k.position.line
                }
                previousEnd = value.end
            }
        case YAML_ALIAS_EVENT:
            let name = Self.text(event.event.data.alias.anchor)
            guard let size = anchors[name] else {
                composer.add(event.position, path, "malformed YAML: the alias `*\(name)` names no anchor before it")
                throw Stop()
            }
            aliasNodes += size
            guard aliasNodes <= YAMLComposer.maximumAliasNodes else {
                composer.add(event.position, path, "aliases expand to more than \(YAMLComposer.maximumAliasNodes) "
                             + "values (an alias bomb?); write the values out")
                throw Stop()
            }
            return (size, event.end)
        default:
            composer.add(event.position, path, "malformed YAML: unexpected event")
            throw Stop()
        }
    }

    func anchored(_ anchor: UnsafeMutablePointer<yaml_char_t>?, _ result: (size: Int, end: Int)) -> (size: Int, end: Int) {
        if anchor != nil { anchors[Self.text(anchor)] = result.size }
        return result
    }

    static func scalar(_ event: ParserEvent) -> String {
        let s = event.event.data.scalar
        return String(decoding: UnsafeBufferPointer(start: s.value, count: s.length), as: UTF8.self)
    }

    static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// A libyaml error as a diagnostic at the place it names.
    func reportParserError() {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_READER_ERROR:
            let value = parser.problem_value
            let what = value >= 0 ? " (U+\(String(value, radix: 16, uppercase: true)))" : ""
            let position = TextPosition(byteOffset: parser.problem_offset, in: composer.text)
            composer.add(position, "", "malformed YAML: \(problem)\(what)")
        case YAML_MEMORY_ERROR:
            composer.add(TextPosition(line: 1, column: 1), "", "malformed YAML: out of memory")
        default:
            let context = parser.context.map { " (\(String(cString: $0)))" } ?? ""
            let mark = parser.problem_mark
            composer.add(TextPosition(line: Int(mark.line) + 1, column: Int(mark.column) + 1), "",
                         "malformed YAML: \(problem)\(context)")
        }
    }
}
