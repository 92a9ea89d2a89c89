import CIM
import EventLog
import HTTPTypes
import Hummingbird
import Ingest
import Logging
import NIOCore
import NIOHTTP1
import Projections
import Replication

/// The one place where errors of every module become HTTP problems. Storage details go to
/// the log, never into a response body.
enum ErrorMapping {
    static func problem(for error: any Error, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let error as CIMError:
            return problem(for: error)
        case let error as EventLogError:
            return problem(for: error, logger: logger)
        case let error as IngestError:
            return problem(for: error)
        case let error as ProjectionsError:
            return problem(for: error, logger: logger)
        case let error as ReplicationError:
            return problem(for: error)
        case let error as TenantError:
            return problem(for: error, logger: logger)
        case let error as HTTPParserError:
            return problem(for: error)
        case is NIOTooManyBytesError:
            return Problem(status: .contentTooLarge, title: "Body too large", detail: "The request body is larger than this server accepts.")
        case let error as HTTPError:
            return Problem(status: error.status, title: error.status.reasonPhrase, detail: error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError:
            return Problem(status: error.status, title: error.status.reasonPhrase, detail: error.status.reasonPhrase)
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return internalError
        }
    }

    /// A request the HTTP parser refused while its body was being read: the client broke the
    /// protocol (most often, closed before sending the body its `Content-Length` promised).
    private static func problem(for error: HTTPParserError) -> Problem {
        let detail =
            error == .invalidEOFState
            ? "The request ended before its body was complete (fewer bytes than its Content-Length); nothing was stored."
            : "The request is not valid HTTP/1.1 (\(error)); nothing was stored."
        return Problem(status: .badRequest, title: "Malformed HTTP request", detail: detail, errors: [Problem.FieldError(field: "", message: detail)])
    }

    /// A known path asked with a method it does not have.
    static func methodNotAllowed(_ method: HTTPRequest.Method, allowed: [String]) -> Problem {
        Problem(
            status: .methodNotAllowed, title: "Method Not Allowed",
            detail: "This path does not answer \(method.rawValue); it answers \(allowed.joined(separator: ", ")).",
            headers: [.allow: allowed.joined(separator: ", ")])
    }

    static let internalError = Problem(
        status: .internalServerError, title: "Internal error", detail: "The server failed to handle the request; nothing was acknowledged.")

    private static func problem(for error: CIMError) -> Problem {
        let errors = error.violations.map { Problem.FieldError(field: $0.field, message: $0.message) }
        switch error.code {
        case .malformedJSON:
            return Problem(status: .badRequest, title: "Malformed JSON", detail: error.description, errors: errors)
        case .invalidMessage, .invalidWebhook:
            let (title, what) = error.code == .invalidMessage ? ("Invalid CIM message", "message") : ("Invalid webhook", "webhook")
            let count = errors.count
            return Problem(
                status: .badRequest,
                title: title,
                detail: "The \(what) breaks \(count) rule\(count == 1 ? "" : "s"); nothing was stored.",
                errors: errors
            )
        }
    }

    private static func problem(for error: IngestError) -> Problem {
        switch error {
        case .batchRefused(let refused):
            return problem(forBatchRefusal: refused) { index in index + 1 }
        case .readModelsBehind(let position):
            return Problem(
                status: .serviceUnavailable,
                title: "Not caught up",
                detail:
                    "The read models have not yet applied the session's earlier webhooks (position \(position)); nothing was stored. Retry shortly.",
                headers: [.retryAfter: "1"]
            )
        }
    }

    /// A refused batch: every violation of every invalid message, its field prefixed with
    /// the message's line in the batch (`line 3: header.sender.id`), which `lineNumber` gives
    /// for a message's zero-based index in the batch.
    static func problem(forBatchRefusal refused: [(index: Int, error: CIMError)], lineNumber: (Int) -> Int) -> Problem {
        let errors = refused.flatMap { index, error in
            error.violations.map { violation in
                let line = "line \(lineNumber(index))"
                return Problem.FieldError(field: violation.field.isEmpty ? line : "\(line): \(violation.field)", message: violation.message)
            }
        }
        let count = refused.count
        return Problem(
            status: .badRequest,
            title: "Invalid batch",
            detail: "\(count) message\(count == 1 ? "" : "s") of the batch \(count == 1 ? "is" : "are") invalid; nothing was stored.",
            errors: errors
        )
    }

    /// Every replication refusal is a 503: the same request succeeds against a writable,
    /// replicated primary (or, for an event not yet replicated, here once the stream is back).
    private static func problem(for error: ReplicationError) -> Problem {
        var extensions: [(String, Int64)] = []
        if let head = error.streamHead { extensions.append(("streamHead", Int64(head.rawValue))) }
        if let head = error.logHead { extensions.append(("logHead", Int64(head.rawValue))) }
        let title: String
        switch error.code {
        case .readOnlyReplica: title = "Read replica"
        case .fenced: title = "Fenced primary"
        case .notReplicated, .unreachable, .foreignStream: title = "Not replicated"
        }
        return Problem(
            status: .serviceUnavailable, title: title, detail: error.message, extensions: extensions,
            headers: [.retryAfter: error.code == .notReplicated ? "1" : "5"])
    }

    private static func problem(for error: ProjectionsError, logger: Logger) -> Problem {
        switch error.code {
        case .invalidArgument:
            let field = error.field ?? ""
            return Problem(
                status: .badRequest, title: "Invalid parameter", detail: error.message,
                errors: [Problem.FieldError(field: field, message: error.message)])
        case .queryRefused:
            return Problem(
                status: .badRequest, title: "Query refused", detail: error.message, errors: [Problem.FieldError(field: "sql", message: error.message)]
            )
        case .queryTimedOut:
            return Problem(status: .unprocessableContent, title: "Query too slow", detail: error.message)
        case .customerNotFound:
            return Problem(status: .notFound, title: "Not found", detail: error.message)
        case .customerErased:
            return Problem(status: .gone, title: "Erased", detail: error.message)
        case .notCaughtUp:
            return Problem(status: .serviceUnavailable, title: "Not caught up", detail: error.message, headers: [.retryAfter: "2"])
        case .storageFailure:
            logger.error("read model failure", metadata: ["projection.error": "\(error)"])
            return internalError
        }
    }

    /// A tenant that does not exist, and one the credential does not belong to, get the same
    /// answer: nothing says whether another tenant exists.
    private static func problem(for error: TenantError, logger: Logger) -> Problem {
        switch error.code {
        case .unknownTenant, .invalidName:
            return Problem(status: .notFound, title: "Not Found", detail: "No such tenant is served to this request.")
        case .tenantExists, .defaultTenant, .invalidLimits, .fileSystem:
            logger.error("tenant failure", metadata: ["tenant.error": "\(error)"])
            return internalError
        }
    }

    private static func problem(for error: EventLogError, logger: Logger) -> Problem {
        switch error.code {
        case .idConflict:
            let position = error.position?.rawValue ?? 0
            return Problem(
                status: .conflict,
                title: "Message id already used",
                detail:
                    "This id is already in the log at position \(position) with different content; nothing was stored. Use a new id for a new message.",
                errors: [Problem.FieldError(field: "id", message: "is already used by the event at position \(position)")],
                extensions: [("existingPosition", Int64(position))]
            )
        case .diskFull:
            logger.critical("disk full", metadata: ["eventlog.error": "\(error)"])
            return Problem(
                status: .init(code: 507, reasonPhrase: "Insufficient Storage"),
                title: "Insufficient storage",
                detail: "The store's disk is full; nothing was stored. Retry later."
            )
        case .closed:
            return Problem(
                status: .serviceUnavailable,
                title: "Shutting down",
                detail: "The store is shutting down; nothing was stored. Retry against the restarted service.",
                headers: [.retryAfter: "1"]
            )
        case .incompatibleFormat, .corruptRecord, .storageFailure:
            logger.error("event log failure", metadata: ["eventlog.error": "\(error)"])
            return internalError
        }
    }
}

/// Turns every error thrown by a route into its problem response.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let problem: Problem
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            if let allowed = DocumentedMethods.allowed(forPath: request.uri.path), !allowed.contains(request.method.rawValue) {
                problem = ErrorMapping.methodNotAllowed(request.method, allowed: allowed)
            } else {
                problem = ErrorMapping.problem(for: error, logger: context.logger)
            }
        } catch {
            problem = ErrorMapping.problem(for: error, logger: context.logger)
        }
        context.logger.debug(
            "request refused",
            metadata: ["http.status": "\(problem.status.code)", "problem.title": "\(problem.title)", "problem.detail": "\(problem.detail)"])
        return problem.response
    }
}
