import Foundation
public import GRDB

/// How one value of a query result is written: as text, as an RFC 4180 CSV field, or as a
/// JSON value. Shared by `cxstore sql` and `POST /v1/sql`, so both print the same bytes.
public enum SQLCell {
    /// The value as plain text: `""` for NULL, blobs as `x'…'` hex.
    public static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: ""
        case .int64(let integer): String(integer)
        case .double(let double): String(double)
        case .string(let string): string
        case .blob(let data): "x'" + data.map { String(format: "%02x", $0) }.joined() + "'"
        }
    }

    /// The value as a CSV field, quoted when it holds a comma, a quote or a line break.
    public static func csv(_ value: DatabaseValue) -> String {
        csvField(text(value))
    }

    /// `field` quoted for CSV when it needs to be.
    public static func csvField(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The value as JSON: numbers, strings, `null` (also for non-finite doubles), blobs as
    /// base64 strings.
    public static func json(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "null"
        case .int64(let integer): String(integer)
        case .double(let double): double.isFinite ? String(double) : "null"
        case .string(let string): jsonString(string)
        case .blob(let data): jsonString(data.base64EncodedString())
        }
    }

    /// A row as a CSV line (without its line break).
    public static func csvRow(_ values: [DatabaseValue]) -> String {
        values.map(csv).joined(separator: ",")
    }

    /// A row as a JSON object of its columns, in column order.
    public static func jsonObject(names: [String], values: [DatabaseValue]) -> String {
        "{" + zip(names, values).map { "\(jsonString($0)):\(json($1))" }.joined(separator: ",") + "}"
    }

    /// `string` as a JSON string literal.
    public static func jsonString(_ string: String) -> String {
        var escaped = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}
