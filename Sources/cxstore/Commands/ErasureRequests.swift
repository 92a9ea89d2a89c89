import EventLog
import Foundation
import Projections

/// How `cxstore erase` reaches a running `serve`: it leaves a request file in
/// `DIR/erasure-requests/` and waits for the answer file; `serve` watches the directory
/// and erases in its own process (the only one that may, while it runs: it owns the read
/// models' writer and must drop its own buffers of the log, see docs/erasure.md).
enum ErasureRequests {
    /// What `cxstore erase` asks.
    struct Request: Codable {
        var customerID: String
        var reason: String?
        var requestedBy: String
    }

    /// What `serve` answers: a receipt, or the refusal's status and reason.
    struct Answer: Codable {
        var status: Int
        var receipt: ErasureReceipt?
        var error: String?
    }

    /// The process id of the `serve` running on `layout`, if one is.
    static func runningServe(_ layout: StoreLayout) -> Int32? {
        guard let text = try? String(contentsOfFile: layout.servePIDFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), kill(pid, 0) == 0,
            let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
            String(decoding: commandLine, as: UTF8.self).contains("serve")
        else { return nil }
        return pid
    }

    /// Leaves `request` for the running `serve` and waits (at most `timeout`) for its answer.
    static func ask(_ request: Request, layout: StoreLayout, timeout: Duration) async throws -> Answer {
        let directory = layout.erasureRequestsDirectory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let id = UUID().uuidString.lowercased()
        let requestFile = directory + "/\(id).request"
        let answerFile = directory + "/\(id).answer"
        try JSONEncoder().encode(request).write(to: URL(fileURLWithPath: requestFile + ".tmp"))
        try FileManager.default.moveItem(atPath: requestFile + ".tmp", toPath: requestFile)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let data = FileManager.default.contents(atPath: answerFile) {
                try? FileManager.default.removeItem(atPath: answerFile)
                return try JSONDecoder().decode(Answer.self, from: data)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        try? FileManager.default.removeItem(atPath: requestFile)
        throw CommandFailure("serve did not answer the erasure request within \(timeout); check its log")
    }

    /// The answer to a failed erasure.
    static func answer(for error: any Error) -> Answer {
        if let error = error as? ProjectionsError {
            switch error.code {
            case .customerNotFound: return Answer(status: 404, error: error.message)
            case .customerErased: return Answer(status: 410, error: error.message)
            case .notCaughtUp: return Answer(status: 503, error: error.message)
            default: break
            }
        }
        return Answer(status: 500, error: "\(error)")
    }
}
