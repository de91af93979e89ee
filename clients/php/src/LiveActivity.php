<?php

declare(strict_types=1);

namespace PushGrpc\Client;

use Google\Protobuf\Struct;
use PushGrpc\V1\Alert;
use PushGrpc\V1\Aps;
use PushGrpc\V1\LiveActivityEvent;
use PushGrpc\V1\Notification;
use PushGrpc\V1\PushType;

/**
 * Builders for Live Activity notifications: a broadcast to a channel and push-to-start. Content states and
 * attributes are PHP arrays (or json_decode()d objects); add optional fields to the result before sending it:
 *
 *   $n = LiveActivity::broadcast('demo', $channelId, LiveActivityEvent::LIVE_ACTIVITY_EVENT_UPDATE, ['score' => '2-1']);
 *   $n->getAps()->setAlert(new Alert(['title' => 'Goal!']));
 *   $result = $client->broadcast($n);
 */
final class LiveActivity
{
    /**
     * A Live Activity broadcast to a channel: push type liveactivity, the event (UPDATE or END: a broadcast cannot
     * start an activity), the content state and its timestamp (now unless given, UNIX seconds). Optional: alert,
     * stale_date, dismissal_date, relevance_score on getAps(); priority (the gateway's default is 10) and expiration
     * (leave it unset, or 0, for a channel that stores no message) on the notification.
     *
     * @param array<string, mixed>|\stdClass $contentState
     */
    public static function broadcast(string $app, string $channelId, int $event, array|\stdClass $contentState,
        ?int $timestamp = null): Notification
    {
        return new Notification([
            'app' => $app,
            'channel_id' => $channelId,
            'push_type' => PushType::PUSH_TYPE_LIVEACTIVITY,
            'aps' => new Aps([
                'event' => $event,
                'content_state' => self::struct($contentState),
                'timestamp' => $timestamp ?? time(),
            ]),
        ]);
    }

    /**
     * A push-to-start notification (iOS 17.2+) for push-to-start tokens: event START with the ActivityAttributes
     * type name, its static attributes, the initial content state, an alert and a timestamp (now unless given).
     * Subscribe the new activity to a channel with getAps()->setInputPushChannel($id), or ask for an update token
     * with setInputPushToken(true).
     *
     * @param list<string> $deviceTokens
     * @param array<string, mixed>|\stdClass $attributes
     * @param array<string, mixed>|\stdClass $contentState
     */
    public static function pushToStart(string $app, array $deviceTokens, string $attributesType,
        array|\stdClass $attributes, array|\stdClass $contentState, Alert $alert, ?int $timestamp = null): Notification
    {
        return new Notification([
            'app' => $app,
            'device_tokens' => $deviceTokens,
            'push_type' => PushType::PUSH_TYPE_LIVEACTIVITY,
            'aps' => new Aps([
                'event' => LiveActivityEvent::LIVE_ACTIVITY_EVENT_START,
                'alert' => $alert,
                'attributes_type' => $attributesType,
                'attributes' => self::struct($attributes),
                'content_state' => self::struct($contentState),
                'timestamp' => $timestamp ?? time(),
            ]),
        ]);
    }

    /**
     * A google.protobuf.Struct from an associative array or an object.
     *
     * @param array<string, mixed>|\stdClass $data
     */
    public static function struct(array|\stdClass $data): Struct
    {
        $struct = new Struct();
        // Through JSON, the one conversion both protobuf runtimes offer; (object) keeps [] an empty object.
        $struct->mergeFromJsonString(json_encode(is_array($data) ? (object) $data : $data, JSON_THROW_ON_ERROR));
        return $struct;
    }
}
