import ArgumentParser
import Foundation
import Messages
import Model
import Publishing
import Rendering

/// `--json` on `check` and `build`: the result as one JSON object on standard output, for a CI job or a WPS
/// macro. Each diagnostic is an object with its code, place, message and fix (in the run's language);
/// progress and notes are not printed.
enum DiagnosticsJSON {
    static func object(_ d: Diagnostic) -> JSONValue {
        var members: [(String, JSONValue)] = [("severity", .string(d.severity.rawValue)), ("code", .string(d.code)),
                                              ("file", .string(d.location.file))]
        if let sheet = d.location.sheet { members.append(("sheet", .string(sheet))) }
        members.append(("line", d.location.line.map { .integer($0) } ?? .null))
        members.append(("column", d.location.column.map { .integer($0) } ?? .null))
        if let sheet = d.location.sheet, let row = d.location.line, let column = d.location.column {
            members.append(("cell", .string("\(sheet)!\(CellReference.letters(column))\(row)")))
        }
        members.append(("field", d.location.field.map { .string($0) } ?? .null))
        members.append(("message", .string(d.text.text(Speech.language))))
        members.append(("fix", .string(d.text.fix(Speech.language))))
        members.append(("text", .string(d.description(in: Speech.language))))
        return .object(members)
    }

    static func counts(_ diagnostics: [Diagnostic]) -> [(String, JSONValue)] {
        let errors = diagnostics.filter { $0.severity == .error }.count
        return [("errors", .integer(errors)), ("warnings", .integer(diagnostics.count - errors)),
                ("diagnostics", .array(diagnostics.map(object)))]
    }

    static func print(_ command: String, ok: Bool, _ members: [(String, JSONValue)]) {
        FileHandle.standardOutput.write(Data(JSONValue.object([("command", .string(command)), ("ok", .bool(ok))] + members).text().utf8))
    }

    /// Runs `body`; a stop (`GongshiError`) is printed as JSON and ends with status 1, as it would in text.
    static func reportingStops(_ command: String, _ body: () throws -> Void) throws {
        do { try body() } catch let error as GongshiError {
            print(command, ok: false, [("step", .string(MessageCatalogue.text(error.step.key, Speech.language)))] + counts(error.diagnostics))
            throw ExitCode(1)
        }
    }
}
