public import HTTPTypes

extension HTTPField.Name {
    /// `CX-Log-Position`: the log position an ingest was stored at, or the head a read saw.
    public static let logPosition = HTTPField.Name("CX-Log-Position")!
}
