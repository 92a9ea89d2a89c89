public import HTTPTypes

extension HTTPField.Name {
    /// Names the tenant a request is for, where its `Host` does not (docs/tenants.md).
    public static let cxTenant = HTTPField.Name("CX-Tenant")!
    /// The scopes of the request's credential (`ingest,read,sql,admin`), on every answer of
    /// a tenant's routes.
    public static let cxScopes = HTTPField.Name("CX-Scopes")!
    /// `CX-Log-Position`: the log position an ingest was stored at, or the head a read saw.
    public static let logPosition = HTTPField.Name("CX-Log-Position")!

    /// `CX-Message-ID`: the id of the message a webhook was stored as.
    public static let messageID = HTTPField.Name("CX-Message-ID")!

    /// `CX-Duplicate`: `true` when a webhook was stored before (a redelivery).
    public static let duplicate = HTTPField.Name("CX-Duplicate")!

    /// `CX-Applied-Position`: the log position the read models had applied when a read ran.
    public static let appliedPosition = HTTPField.Name("CX-Applied-Position")!

    /// `CX-Rows` (a trailer of `POST /v1/sql`): the rows sent.
    public static let rowCount = HTTPField.Name("CX-Rows")!

    /// `CX-Truncated` (a trailer of `POST /v1/sql`): `true` when the row limit cut the result.
    public static let truncated = HTTPField.Name("CX-Truncated")!

    /// `X-Request-ID`: the id of the request in the server's logs (`hb.request.id`).
    public static let requestID = HTTPField.Name("X-Request-ID")!

    /// `Last-Event-ID`: the id (log position) of the last Server-Sent Event a client received.
    public static let lastEventID = HTTPField.Name("Last-Event-ID")!

    /// `X-Chatwoot-Signature`: `sha256=` + the HMAC-SHA256 of a Chatwoot delivery.
    static let chatwootSignature = HTTPField.Name("X-Chatwoot-Signature")!

    /// `X-Chatwoot-Timestamp`: the Unix time a Chatwoot delivery was signed at.
    static let chatwootTimestamp = HTTPField.Name("X-Chatwoot-Timestamp")!

    /// `X-Twilio-Signature`: the base64 HMAC-SHA1 of the URL Twilio requested.
    static let twilioSignature = HTTPField.Name("X-Twilio-Signature")!

    /// `X-Forwarded-Proto`: the scheme a client used in front of a proxy.
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
}
