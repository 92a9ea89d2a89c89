/// Maps a validated message to its ``Activity``. Pure: the same message and receive time
/// always give the same activity, which is what makes replays reproducible.
///
/// The mapping is documented in `docs/activity-types.md`.
public struct Normalizer: Sendable {
    /// Creates a normalizer.
    public init() {}

    /// The activity for `message`, received at `receivedAt`.
    public func activity(for message: CIMMessage, origin: MessageOrigin, receivedAt: Timestamp) -> Activity {
        let header = message.header
        return Activity(
            messageID: message.id,
            type: activityType(for: message, origin: origin),
            customerID: header.customer?.id,
            channelCustomerIdentifier: header.channelData?.channelCustomerIdentifier,
            serviceIdentifier: header.channelData?.serviceIdentifier,
            conversationID: header.conversationID,
            channelSessionID: header.channelSessionID,
            occurredAt: header.timestamp ?? receivedAt
        )
    }

    /// The history type of `message`.
    public func activityType(for message: CIMMessage, origin: MessageOrigin) -> ActivityType {
        if origin == .thirdPartyActivity { return .thirdPartyActivity }
        let intent = message.header.intent
        switch message.body.content {
        case .ivrAggregatedActivity:
            return .ivrAggregatedActivity
        case .wrapUp:
            return .wrapUpApplied
        case .deliveryNotification:
            return .messageDeliveryNotification
        case .deletedNotification:
            return .messageDeleted
        case .action:
            return .actionMessage
        case .voice:
            switch intent {
            case .callLegStarted?, .startVoice?: return .callLegStarted
            case .callLegEnded?, .endVoice?: return .callLegEnded
            case .callHold?: return .callHold
            case .callResume?: return .callResume
            default: return .voiceActivity
            }
        case .notification(let notification):
            return notificationType(notification.notificationType)
        default:
            return messageType(bySender: message.header.sender.type)
        }
    }

    private func notificationType(_ notificationType: String) -> ActivityType {
        switch notificationType {
        case "TYPING_STARTED", "TYPING_STOPPED": .typingIndicator
        case "INFO", "WARNING", "SYSTEM_ERROR": .systemNotification
        default: ActivityType(rawValue: notificationType)
        }
    }

    private func messageType(bySender senderType: SenderType) -> ActivityType {
        switch senderType {
        case .connector, .customer: .customerMessage
        case .agent: .agentMessage
        case .bot: .botMessage
        default: .thirdPartyActivity
        }
    }
}
