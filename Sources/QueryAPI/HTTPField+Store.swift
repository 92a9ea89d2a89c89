public import HTTPTypes

extension HTTPField.Name {
    /// `CX-Log-Position`: the log position an ingest was stored at, or the head a read saw.
    public static let logPosition = HTTPField.Name("CX-Log-Position")!

    /// `CX-Applied-Position`: the log position the read models had applied when a read ran.
    public static let appliedPosition = HTTPField.Name("CX-Applied-Position")!
}
