import EventLog
import Foundation
import Logging
import Projections
import ServiceLifecycle

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
