import EventLog
import Foundation
import Logging
import Projections
import ServiceLifecycle

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
        throw ValidationFailure("serve did not answer the erasure request within \(timeout); check its log")
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

/// A failure reported to the command line as one sentence.
struct ValidationFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Inside `serve`: answers the requests `cxstore erase` leaves in `DIR/erasure-requests/`.
struct ErasureRequestWatcher: Service {
    let layout: StoreLayout
    let eraser: CustomerEraser
    /// Throws when this process takes no writes (a read replica).
    let admit: @Sendable () throws -> Void
    let logger: Logger

    func run() async throws {
        let directory = layout.erasureRequestsDirectory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
                for name in names.sorted() where name.hasSuffix(".request") {
                    await answer(directory + "/" + name)
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    private func answer(_ requestFile: String) async {
        let answerFile = String(requestFile.dropLast(".request".count)) + ".answer"
        let answer: ErasureRequests.Answer
        do {
            guard let data = FileManager.default.contents(atPath: requestFile) else { return }
            let request = try JSONDecoder().decode(ErasureRequests.Request.self, from: data)
            try admit()
            let receipt = try await eraser.erase(customerID: request.customerID, reason: request.reason, requestedBy: request.requestedBy)
            answer = ErasureRequests.Answer(status: 200, receipt: receipt)
        } catch {
            logger.warning("erasure request refused", metadata: ["erasure.error": "\(error)"])
            answer = ErasureRequests.answer(for: error)
        }
        try? FileManager.default.removeItem(atPath: requestFile)
        if let data = try? JSONEncoder().encode(answer) {
            try? data.write(to: URL(fileURLWithPath: answerFile + ".tmp"))
            try? FileManager.default.moveItem(atPath: answerFile + ".tmp", toPath: answerFile)
        }
    }
}
