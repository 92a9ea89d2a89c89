import Hummingbird

/// Reads and checks query parameters, answering 400 with the parameter's name.
enum QueryParameter {
    static func integer(_ query: Parameters, _ name: String, default defaultValue: UInt64, range: ClosedRange<UInt64>) throws(Problem) -> UInt64 {
        guard let text = query[Substring(name)] else { return defaultValue }
        guard let value = UInt64(text) else {
            throw Problem.badParameter(name, "must be a whole number, found \"\(text.prefix(40))\"")
        }
        guard range.contains(value) else {
            throw Problem.badParameter(name, "must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
        }
        return value
    }
}
