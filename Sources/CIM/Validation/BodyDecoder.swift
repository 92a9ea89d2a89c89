/// Reads `body` into a typed ``MessageBody``, checking the required fields of each known type.
struct BodyDecoder {
    let reader: FieldReader

    /// The body's type (when readable) and the typed body (when every rule holds).
    func decode() -> (type: BodyType?, body: MessageBody?) {
        guard let typeName = reader.string("type", required: true, nonEmpty: true) else { return (nil, nil) }
        let type = BodyType(rawValue: typeName)
        let markdownText = reader.text("markdownText")
        let content: BodyContent?
        switch type {
        case .plain: content = .plain
        case .image, .video, .audio, .file: content = media().map(BodyContent.media)
        case .sticker: content = sticker().map(BodyContent.sticker)
        case .location: content = location().map(BodyContent.location)
        case .contact: content = contact().map(BodyContent.contact)
        case .url: content = url().map(BodyContent.url)
        case .button: content = button().map(BodyContent.button)
        case .carousel: content = carousel().map(BodyContent.carousel)
        case .wrapUp: content = wrapUp().map(BodyContent.wrapUp)
        case .notification: content = notification().map(BodyContent.notification)
        case .deliveryNotification: content = deliveryNotification().map(BodyContent.deliveryNotification)
        case .deletedNotification: content = deletedNotification().map(BodyContent.deletedNotification)
        case .voice: content = voice().map(BodyContent.voice)
        case .email: content = email().map(BodyContent.email)
        case .comment: content = comment().map(BodyContent.comment)
        case .template: content = template().map(BodyContent.template)
        case .custom: content = .custom(reader.any("jsonNode"))
        case .action: content = action().map(BodyContent.action)
        case .ivrAggregatedActivity: content = ivrAggregatedActivity().map(BodyContent.ivrAggregatedActivity)
        default: content = .generic(reader.jsonObject)
        }
        return (type, content.map { MessageBody(type: type, markdownText: markdownText, content: $0) })
    }

    private func media() -> MediaContent? {
        let caption = reader.text("caption")
        let details = reader.any("additionalDetails")
        guard let attachment = reader.object("attachment", required: true) else { return nil }
        let mediaURL = attachment.string("mediaUrl", required: true, nonEmpty: true)
        let thumbnail = attachment.keptText("thumbnail")
        let mimeType = attachment.keptText("mimeType")
        let size = attachment.keptInteger("size")
        let label = attachment.keptText("mediaLabel")
        let name = attachment.keptText("mediaName")
        guard let mediaURL else { return nil }
        return MediaContent(
            caption: caption,
            attachment: Attachment(mediaURL: mediaURL, thumbnail: thumbnail, mimeType: mimeType, size: size, mediaLabel: label, mediaName: name),
            additionalDetails: details
        )
    }

    private func sticker() -> StickerContent? {
        let stickerID = reader.keptText("stickerId")
        guard let mediaURL = reader.string("mediaUrl", required: true, nonEmpty: true) else { return nil }
        return StickerContent(mediaURL: mediaURL, stickerID: stickerID)
    }

    private func location() -> LocationContent? {
        let details = reader.keptObject("additionalDetails")
        let name = details?.keptText("name")
        let address = details?.keptText("address")
        guard let location = reader.object("location", required: true) else { return nil }
        let latitude = location.number("latitude", required: true)
        let longitude = location.number("longitude", required: true)
        if let latitude, !(-90...90).contains(latitude) {
            reader.collector.add(location.pathOf("latitude"), "must be between -90 and 90, found \(latitude)")
        }
        if let longitude, !(-180...180).contains(longitude) {
            reader.collector.add(location.pathOf("longitude"), "must be between -180 and 180, found \(longitude)")
        }
        guard let latitude, let longitude, (-90...90).contains(latitude), (-180...180).contains(longitude) else { return nil }
        return LocationContent(latitude: latitude, longitude: longitude, name: name, address: address)
    }

    private func contact() -> ContactContent? {
        let contacts = reader.objects("contacts", required: true, nonEmpty: true) { card -> ContactContent.Contact? in
            let phones = card.objects("phones") { $0.text("phone") } ?? []
            guard let name = card.object("name", required: true),
                let formattedName = name.string("formattedName", required: true, nonEmpty: true)
            else { return nil }
            return ContactContent.Contact(formattedName: formattedName, phones: phones)
        }
        return contacts.map(ContactContent.init)
    }

    private func url() -> URLContent? {
        let key = reader.has("mediaUrl") || !reader.has("mediaURL") ? "mediaUrl" : "mediaURL"
        return reader.string(key, required: true, nonEmpty: true).map(URLContent.init)
    }

    private func button() -> ButtonContent? {
        let kind = reader.enumeration("buttonMessageType", allowed: ["BUTTON", "QUICK_REPLIES"])
        let buttons = reader.objects("buttons", required: true) { item -> ButtonContent.Button? in
            let title = item.text("title", required: true)
            let payload = item.text("payload", required: true)
            let type = item.text("type", required: true)
            guard let title, let payload, let type else { return nil }
            return ButtonContent.Button(title: title, payload: payload, type: type)
        }
        return buttons.map { ButtonContent(buttonMessageType: kind, buttons: $0) }
    }

    private func carousel() -> CarouselContent? {
        let kind = reader.enumeration("carouselMessageType", allowed: ["MEDIA", "GENERIC_RICH_MEDIA"])
        let elements = reader.objects("elements", required: true) { item in
            CarouselContent.Element(text: item.keptText("text"), url: item.keptText("url"))
        }
        return elements.map { CarouselContent(carouselMessageType: kind, elements: $0) }
    }

    private func wrapUp() -> WrapUpContent? {
        let note = reader.text("note")
        let wrapUps = reader.objects("wrapups", required: true, nonEmpty: true) { item -> WrapUpContent.WrapUp? in
            let category = item.text("categoryName")
            return item.text("value", required: true).map { WrapUpContent.WrapUp(categoryName: category, value: $0) }
        }
        return wrapUps.map { WrapUpContent(wrapUps: $0, note: note) }
    }

    private func notification() -> NotificationContent? {
        let data = reader.any("notificationData")
        return reader.enumeration("notificationType", allowed: NotificationContent.knownTypes, required: true)
            .map { NotificationContent(notificationType: $0, notificationData: data) }
    }

    private func deliveryNotification() -> DeliveryNotificationContent? {
        let status = reader.enumeration("status", allowed: DeliveryNotificationContent.statuses)
        let reasonCode = reader.keptInteger("reasonCode")
        return reader.text("messageId", required: true)
            .map { DeliveryNotificationContent(messageID: $0, status: status, reasonCode: reasonCode) }
    }

    private func deletedNotification() -> DeletedNotificationContent? {
        let timestamp = reader.timestamp("timestamp")
        return reader.text("messageId", required: true).map { DeletedNotificationContent(messageID: $0, timestamp: timestamp) }
    }

    private func voice() -> VoiceContent? {
        let callID = reader.text("callId", required: true)
        let leg = reader.text("leg", required: true)
        let reasonCode = reader.any("reasonCode")
        let detail = reader.any("additionalDetail")
        guard let callID, let leg else { return nil }
        return VoiceContent(callID: callID, leg: leg, reasonCode: reasonCode, additionalDetail: detail)
    }

    private func email() -> EmailContent? {
        let from = reader.string("from", required: true, nonEmpty: true)
        let replyTo = reader.strings("replyTo", required: true)
        let receivingDate = reader.timestamp("receivingDate", required: true)
        let subject = reader.keptText("subject")
        let recipients = reader.strings("recipientsTo") ?? []
        let attachments = reader.array("attachments")?.elements.count ?? 0
        guard let from, let replyTo, let receivingDate else { return nil }
        return EmailContent(
            from: from, replyTo: replyTo, receivingDate: receivingDate, subject: subject, recipientsTo: recipients, attachmentCount: attachments)
    }

    private func comment() -> CommentContent? {
        let postID = reader.text("postId", required: true)
        let itemType = reader.enumeration("itemType", allowed: CommentContent.itemTypes, required: true)
        guard let postID, let itemType else { return nil }
        return CommentContent(postID: postID, itemType: itemType)
    }

    private func template() -> TemplateContent? {
        let namespace = reader.string("namespace", required: true, nonEmpty: true)
        let name = reader.string("name", required: true, nonEmpty: true)
        let language = reader.any("language")
        guard let namespace, let name else { return nil }
        return TemplateContent(namespace: namespace, name: name, language: language)
    }

    private func action() -> ActionContent? {
        let data = reader.any("data")
        return reader.string("name", required: true, nonEmpty: true).map { ActionContent(name: $0, data: data) }
    }

    private func ivrAggregatedActivity() -> IVRAggregatedActivity? {
        let callID = reader.text("callId")
        let leg = reader.text("leg")
        let startDirection = reader.string("startDirection", required: true, nonEmpty: true)
        let endDirection = reader.enumeration("endDirection", allowed: IVRAggregatedActivity.EndDirection.allCases.map(\.rawValue))
        let startTime = reader.timestamp("startTime", allowISO8601: false)
        let endTime = reader.timestamp("endTime", allowISO8601: false)
        if let startTime, let endTime, endTime < startTime {
            reader.collector.add(reader.pathOf("endTime"), "must not be before body.startTime")
        }
        let visits = reader.objects("activities") { item -> IVRAggregatedActivity.MenuVisit? in
            let selection = item.text("selection")
            let timestamp = item.timestamp("timestamp", allowISO8601: false)
            let metadata = item.any("metadata")
            return item.text("menu", required: true).map {
                IVRAggregatedActivity.MenuVisit(menu: $0, selection: selection, timestamp: timestamp, metadata: metadata)
            }
        }
        guard let startDirection else { return nil }
        return IVRAggregatedActivity(
            callID: callID,
            leg: leg,
            startDirection: startDirection,
            endDirection: endDirection.flatMap(IVRAggregatedActivity.EndDirection.init(rawValue:)),
            startTime: startTime,
            endTime: endTime,
            menuVisits: visits ?? []
        )
    }
}
