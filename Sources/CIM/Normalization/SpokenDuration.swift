/// Durations as a person reads them in a summary line.
public enum SpokenDuration {
    /// `45s`, `3m 12s`, `1h 02m`; a negative duration reads as `0s`.
    public static func text(seconds: Int64) -> String {
        let seconds = max(0, seconds)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m \(seconds % 60)s" }
        let minutes = seconds / 60 % 60
        return "\(seconds / 3600)h \(minutes < 10 ? "0" : "")\(minutes)m"
    }
}
