import EventLog
import Foundation
import StoreTesting
import Testing

@Suite struct DiskFullTests {
    @Test(.enabled(if: SmallFilesystem.isAvailable, "needs root to mount a tmpfs"))
    func aFullDiskAnswers507TearsNothingKeepsReadsAndRecovers() async throws {
        // An empty store takes ~0.8 MB (the read models' schema in 16 KB pages).
        let filesystem = try SmallFilesystem(bytes: 4 << 20)
        defer { filesystem.unmount() }
        let filler = filesystem.path + "/filler"
        try Data(count: 1024 * 1024).write(to: URL(fileURLWithPath: filler))

        let server = try await TestServer.start(dataDirectory: filesystem.path + "/store")
        let client = HTTPTestClient(baseURL: server.baseURL)
        var acknowledged: [String: Int] = [:]
        var full: HTTPTestClient.Response?
        for index in 0..<5000 {
            let id = "fill-\(index)"
            let response = try await client.postJSON("/ccm/message/receive", CIMFixtures.sizedMessage(id: id, size: 1024))
            if response.status == 202 {
                acknowledged[id] = response.json["position"] as? Int
            } else {
                full = response
                break
            }
        }
        let refusal = try #require(full, "the disk never filled")
        #expect(refusal.status == 507)
        #expect(refusal.headers["content-type"] == "application/problem+json")
        #expect(!refusal.text.contains("mdb"), "no storage internals in the body")
        #expect(acknowledged.count > 10)

        let head = server.log.head
        #expect(head == LogPosition(UInt64(acknowledged.count)))
        let feed = try await client.get("/v1/events?after=0&limit=5")
        #expect(feed.status == 200)
        #expect((feed.json["events"] as? [[String: Any]])?.count == 5)
        #expect(try await client.get("/healthz").status == 200)
        let again = try await client.postJSON("/ccm/message/receive", CIMFixtures.sizedMessage(id: "while-full", size: 1024))
        #expect(again.status == 507)
        #expect(server.log.head == head)

        try FileManager.default.removeItem(atPath: filler)
        let resumed = try await client.postJSON("/ccm/message/receive", CIMFixtures.sizedMessage(id: "after-space-returns", size: 1024))
        #expect(resumed.status == 202)
        #expect(resumed.json["position"] as? Int == acknowledged.count + 1)

        let report = try server.log.verify()
        #expect(report.isSound, "\(report.problems.prefix(3))")
        for (id, position) in acknowledged {
            #expect(try server.log.position(ofMessageID: id) == LogPosition(UInt64(position)))
        }
        await server.stop()
    }
}
