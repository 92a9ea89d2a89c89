/// The OpenAPI 3.1 document of the HTTP API, served at `/openapi.json`. The tests validate
/// real responses of every route against it.
enum OpenAPIDocument {
    static let json = #"""
        {
         "openapi": "3.1.0",
         "info": {
          "title": "CX Activity Store",
          "version": "1.0.0",
          "description": "Durable ingest of CIM messages and the CX Activities history. Times are epoch milliseconds. Errors are RFC 9457 problems."
         },
         "security": [
          {
           "basic": []
          }
         ],
         "paths": {
          "/ccm/message/receive/batch": {
           "post": {
            "summary": "Ingest up to 1,000 CIM messages, one per line (NDJSON), with one sync",
            "description": "Every message is validated first: one invalid message refuses the batch (400, each error's field starts with its line, nothing stored). A valid batch is appended in one transaction; the results give each message's outcome in order. 409 when some message reused an id with other content: the others are stored, as their results say.",
            "operationId": "receiveBatch",
            "requestBody": {
             "required": true,
             "content": {
              "application/x-ndjson": {
               "schema": {
                "type": "string"
               }
              }
             }
            },
            "responses": {
             "202": {
              "description": "Every message committed and synced (or already there).",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/BatchReceipt"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/InvalidMessage"
             },
             "409": {
              "description": "Some messages reused an id with other content; the others are stored.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/BatchReceipt"
                }
               }
              }
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "415": {
              "$ref": "#/components/responses/NotJSON"
             },
             "507": {
              "$ref": "#/components/responses/DiskFull"
             }
            }
           }
          },
          "/ccm/message/receive": {
           "post": {
            "summary": "Ingest a CIM message",
            "operationId": "receiveMessage",
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/CIMMessage"
               }
              }
             }
            },
            "responses": {
             "202": {
              "description": "Committed and synced.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/IngestReceipt"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/InvalidMessage"
             },
             "409": {
              "$ref": "#/components/responses/IdConflict"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "415": {
              "$ref": "#/components/responses/NotJSON"
             },
             "507": {
              "$ref": "#/components/responses/DiskFull"
             }
            }
           }
          },
          "/conversation-manager/activities": {
           "post": {
            "summary": "Ingest a third-party activity",
            "operationId": "pushActivity",
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/CIMMessage"
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "Committed and synced, typed THIRD_PARTY_ACTIVITY.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/IngestReceipt"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/InvalidMessage"
             },
             "409": {
              "$ref": "#/components/responses/IdConflict"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "415": {
              "$ref": "#/components/responses/NotJSON"
             },
             "507": {
              "$ref": "#/components/responses/DiskFull"
             }
            }
           }
          },
          "/webhooks/8x8/voice": {
           "post": {
            "summary": "Store an 8x8 Voice webhook (call action, call status, session summary)",
            "operationId": "eightByEightVoiceWebhook",
            "description": "Each webhook becomes a CIM message with an id derived from its eventId (or sessionId for a summary, or its content), so a redelivery is a duplicate. A session summary becomes an IVR_AGGREGATED_ACTIVITY whose menu activities are the session's stored keypad inputs.",
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "$ref": "#/components/schemas/VoiceWebhook"
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "Committed and synced (or already stored); the body is the callflow 8x8 reads.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Callflow"
                }
               }
              },
              "headers": {
               "CX-Log-Position": {
                "description": "The position the webhook's message is stored at.",
                "schema": {
                 "type": "integer"
                }
               },
               "CX-Message-ID": {
                "$ref": "#/components/headers/MessageID"
               },
               "CX-Duplicate": {
                "$ref": "#/components/headers/Duplicate"
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/InvalidWebhook"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "415": {
              "$ref": "#/components/responses/NotJSON"
             },
             "507": {
              "$ref": "#/components/responses/DiskFull"
             },
             "503": {
              "$ref": "#/components/responses/NotCaughtUp"
             }
            }
           }
          },
          "/webhooks/ccai/calls": {
           "post": {
            "summary": "Store CCAI Platform call objects, one activity per state of each call",
            "operationId": "ccaiCallsWebhook",
            "description": "One call object or an array of up to 1,000. The same state posted again (only durations changed) is a duplicate; a new status, agent or transfer is a new activity.",
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "oneOf": [
                 {
                  "$ref": "#/components/schemas/CCAICall"
                 },
                 {
                  "type": "array",
                  "items": {
                   "$ref": "#/components/schemas/CCAICall"
                  },
                  "maxItems": 1000
                 }
                ]
               }
              }
             }
            },
            "responses": {
             "202": {
              "description": "Committed and synced, each call's outcome in order.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/CallReceipts"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/InvalidWebhook"
             },
             "413": {
              "$ref": "#/components/responses/TooLarge"
             },
             "415": {
              "$ref": "#/components/responses/NotJSON"
             },
             "507": {
              "$ref": "#/components/responses/DiskFull"
             }
            }
           }
          },
          "/v1/events": {
           "get": {
            "summary": "The raw log by position",
            "operationId": "events",
            "parameters": [
             {
              "name": "after",
              "in": "query",
              "description": "Return events after this position (default 0).",
              "schema": {
               "type": "integer",
               "minimum": 0
              }
             },
             {
              "name": "limit",
              "in": "query",
              "description": "1–1000, default 100.",
              "schema": {
               "type": "integer",
               "minimum": 1,
               "maximum": 1000
              }
             }
            ],
            "responses": {
             "200": {
              "description": "Events in position order.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/EventPage"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadParameter"
             }
            }
           }
          },
          "/v1/sql": {
           "post": {
            "summary": "Read-only SQL over the read models (scope sql)",
            "description": "The runner of cxstore sql: writes, schema changes, ATTACH and PRAGMA changes are refused. Bounded in rows (maxRows, at most the server's --sql-max-rows) and time (--sql-timeout). Streams NDJSON (one object per row, the default) or CSV with a header line (Accept: text/csv or ?format=csv). The trailers CX-Rows and CX-Truncated give the rows sent and whether the row limit cut the result. A query refused or out of time before the first 32 KiB of output is a problem response; later, the response ends without its final chunk. At most 2 queries run at once (503 with Retry-After beyond).",
            "operationId": "sql",
            "parameters": [
             {
              "name": "format",
              "in": "query",
              "description": "csv or ndjson (overrides Accept).",
              "schema": {
               "type": "string",
               "enum": [
                "csv",
                "ndjson"
               ]
              }
             }
            ],
            "requestBody": {
             "required": true,
             "content": {
              "application/json": {
               "schema": {
                "type": "object",
                "required": [
                 "sql"
                ],
                "properties": {
                 "sql": {
                  "type": "string"
                 },
                 "maxRows": {
                  "type": "integer",
                  "minimum": 1
                 }
                }
               }
              },
              "text/plain": {
               "schema": {
                "type": "string"
               }
              }
             }
            },
            "responses": {
             "200": {
              "description": "The rows, streamed.",
              "content": {
               "application/x-ndjson": {
                "schema": {
                 "type": "string"
                }
               },
               "text/csv": {
                "schema": {
                 "type": "string"
                }
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadParameter"
             },
             "422": {
              "description": "The query ran past its time and was stopped.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             },
             "503": {
              "description": "Too many queries running; retry after Retry-After.",
              "content": {
               "application/problem+json": {
                "schema": {
                 "$ref": "#/components/schemas/Problem"
                }
               }
              }
             }
            }
           }
          },
          "/metrics": {
           "get": {
            "summary": "Metrics in the Prometheus text format (scope admin)",
            "description": "Events appended, duplicates and conflicts, batch sizes, commit-and-sync time, failed batches, map growths, the log head and the projection lag at the scrape, requests and their latency by route, method and status.",
            "operationId": "metrics",
            "responses": {
             "200": {
              "description": "Prometheus text exposition format 0.0.4.",
              "content": {
               "text/plain": {
                "schema": {
                 "type": "string"
                }
               }
              }
             }
            }
           }
          },
          "/v1/events/stream": {
           "get": {
            "summary": "The raw log as Server-Sent Events",
            "description": "Each event: id (its log position), event: event, data: the JSON of the events feed. Last-Event-ID (or after) resumes after that position without a gap or a duplicate; without either the stream starts at the current head. A comment line every 15 s keeps idle connections open. A client that falls 1,024 events behind is disconnected and resumes with Last-Event-ID. One tail of the log serves every stream.",
            "operationId": "eventStream",
            "parameters": [
             {
              "$ref": "#/components/parameters/StreamAfter"
             },
             {
              "$ref": "#/components/parameters/LastEventID"
             }
            ],
            "responses": {
             "200": {
              "$ref": "#/components/responses/EventStream"
             },
             "400": {
              "$ref": "#/components/responses/BadParameter"
             }
            }
           }
          },
          "/v1/conversations/{conversationId}/stream": {
           "get": {
            "summary": "A conversation's activities, live (Server-Sent Events)",
            "description": "Each new activity as soon as the projections apply it: id (its log position), event: activity, data: the activity's JSON as the history API shows it. Last-Event-ID (or after) resumes after that position without a gap or a duplicate; without either the stream starts now. A comment line every 15 s keeps idle connections open. A client that falls 1,024 activities behind is disconnected and resumes with Last-Event-ID. One reader of the read models serves every stream.",
            "operationId": "conversationStream",
            "parameters": [
             {
              "name": "conversationId",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "$ref": "#/components/parameters/StreamAfter"
             },
             {
              "$ref": "#/components/parameters/LastEventID"
             }
            ],
            "responses": {
             "200": {
              "$ref": "#/components/responses/EventStream"
             },
             "400": {
              "$ref": "#/components/responses/BadParameter"
             }
            }
           }
          },
          "/v1/customers/{customerId}/stream": {
           "get": {
            "summary": "A customer's activities in every conversation, live (Server-Sent Events)",
            "description": "Each new activity as soon as the projections apply it: id (its log position), event: activity, data: the activity's JSON as the history API shows it. Last-Event-ID (or after) resumes after that position without a gap or a duplicate; without either the stream starts now. A comment line every 15 s keeps idle connections open. A client that falls 1,024 activities behind is disconnected and resumes with Last-Event-ID. One reader of the read models serves every stream.",
            "operationId": "customerStream",
            "parameters": [
             {
              "name": "customerId",
              "in": "path",
              "required": true,
              "schema": {
               "type": "string"
              }
             },
             {
              "$ref": "#/components/parameters/StreamAfter"
             },
             {
              "$ref": "#/components/parameters/LastEventID"
             }
            ],
            "responses": {
             "200": {
              "$ref": "#/components/responses/EventStream"
             },
             "400": {
              "$ref": "#/components/responses/BadParameter"
             }
            }
           }
          },
          "/healthz": {
           "get": {
            "summary": "Health",
            "operationId": "health",
            "security": [],
            "responses": {
             "200": {
              "description": "Serving.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Health"
                }
               }
              }
             }
            }
           }
          },
          "/v1/customers": {
           "get": {
            "summary": "Customers by channel identity",
            "operationId": "findCustomers",
            "parameters": [
             {
              "name": "channelCustomerIdentifier",
              "in": "query",
              "description": "The customer's id on the channel.",
              "schema": {
               "type": "string"
              },
              "required": true
             },
             {
              "name": "serviceIdentifier",
              "in": "query",
              "description": "Only this channel.",
              "schema": {
               "type": "string"
              }
             },
             {
              "$ref": "#/components/parameters/MinPosition"
             }
            ],
            "responses": {
             "200": {
              "description": "Matching customers.",
              "content": {
               "application/json": {
                "schema": {
                 "type": "object",
                 "required": [
                  "customers"
                 ],
                 "properties": {
                  "customers": {
                   "type": "array",
                   "items": {
                    "$ref": "#/components/schemas/Customer"
                   }
                  }
                 }
                }
               }
              },
              "headers": {
               "CX-Applied-Position": {
                "$ref": "#/components/headers/AppliedPosition"
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadReadParameter"
             },
             "503": {
              "$ref": "#/components/responses/NotCaughtUp"
             }
            }
           }
          },
          "/v1/customers/{customerId}": {
           "get": {
            "summary": "One customer",
            "operationId": "customer",
            "parameters": [
             {
              "name": "customerId",
              "in": "path",
              "required": true,
              "description": "Explicit or derived (cx-…) id; a merged id answers as its customer.",
              "schema": {
               "type": "string"
              }
             },
             {
              "$ref": "#/components/parameters/MinPosition"
             }
            ],
            "responses": {
             "200": {
              "description": "The customer.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Customer"
                }
               }
              },
              "headers": {
               "CX-Applied-Position": {
                "$ref": "#/components/headers/AppliedPosition"
               }
              }
             },
             "404": {
              "$ref": "#/components/responses/UnknownCustomer"
             },
             "400": {
              "$ref": "#/components/responses/BadReadParameter"
             },
             "503": {
              "$ref": "#/components/responses/NotCaughtUp"
             }
            }
           }
          },
          "/v1/customers/{customerId}/activities": {
           "get": {
            "summary": "A customer's timeline",
            "operationId": "timeline",
            "parameters": [
             {
              "name": "customerId",
              "in": "path",
              "required": true,
              "description": "The customer.",
              "schema": {
               "type": "string"
              }
             },
             {
              "$ref": "#/components/parameters/PageLimit"
             },
             {
              "$ref": "#/components/parameters/Cursor"
             },
             {
              "name": "type",
              "in": "query",
              "description": "Activity types, comma-separated or repeated.",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "conversationId",
              "in": "query",
              "description": "Only this conversation.",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "channelSessionId",
              "in": "query",
              "description": "Only this channel session.",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "from",
              "in": "query",
              "description": "At or after (epoch ms or ISO-8601).",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "to",
              "in": "query",
              "description": "Before (epoch ms or ISO-8601).",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "order",
              "in": "query",
              "description": "desc (default) or asc.",
              "schema": {
               "type": "string",
               "enum": [
                "desc",
                "asc"
               ]
              }
             },
             {
              "$ref": "#/components/parameters/MinPosition"
             }
            ],
            "responses": {
             "200": {
              "description": "A page, ordered by occurred-at then position.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ActivityPage"
                }
               }
              },
              "headers": {
               "CX-Applied-Position": {
                "$ref": "#/components/headers/AppliedPosition"
               }
              }
             },
             "404": {
              "$ref": "#/components/responses/UnknownCustomer"
             },
             "400": {
              "$ref": "#/components/responses/BadReadParameter"
             },
             "503": {
              "$ref": "#/components/responses/NotCaughtUp"
             }
            }
           }
          },
          "/v1/customers/{customerId}/conversations": {
           "get": {
            "summary": "A customer's conversations",
            "operationId": "customerConversations",
            "parameters": [
             {
              "name": "customerId",
              "in": "path",
              "required": true,
              "description": "The customer.",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "status",
              "in": "query",
              "description": "ACTIVE or CLOSED.",
              "schema": {
               "type": "string",
               "enum": [
                "ACTIVE",
                "CLOSED"
               ]
              }
             },
             {
              "$ref": "#/components/parameters/PageLimit"
             },
             {
              "$ref": "#/components/parameters/Cursor"
             },
             {
              "$ref": "#/components/parameters/MinPosition"
             }
            ],
            "responses": {
             "200": {
              "description": "Most recently active first.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ConversationPage"
                }
               }
              },
              "headers": {
               "CX-Applied-Position": {
                "$ref": "#/components/headers/AppliedPosition"
               }
              }
             },
             "404": {
              "$ref": "#/components/responses/UnknownCustomer"
             },
             "400": {
              "$ref": "#/components/responses/BadReadParameter"
             },
             "503": {
              "$ref": "#/components/responses/NotCaughtUp"
             }
            }
           }
          },
          "/v1/conversations/{conversationId}": {
           "get": {
            "summary": "One conversation with its activities",
            "operationId": "conversation",
            "parameters": [
             {
              "name": "conversationId",
              "in": "path",
              "required": true,
              "description": "The conversation.",
              "schema": {
               "type": "string"
              }
             },
             {
              "$ref": "#/components/parameters/PageLimit"
             },
             {
              "$ref": "#/components/parameters/Cursor"
             },
             {
              "name": "order",
              "in": "query",
              "description": "asc (default) or desc.",
              "schema": {
               "type": "string",
               "enum": [
                "desc",
                "asc"
               ]
              }
             },
             {
              "$ref": "#/components/parameters/MinPosition"
             }
            ],
            "responses": {
             "200": {
              "description": "The conversation and a page of its activities.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/ConversationWithActivities"
                }
               }
              },
              "headers": {
               "CX-Applied-Position": {
                "$ref": "#/components/headers/AppliedPosition"
               }
              }
             },
             "404": {
              "$ref": "#/components/responses/UnknownConversation"
             },
             "400": {
              "$ref": "#/components/responses/BadReadParameter"
             },
             "503": {
              "$ref": "#/components/responses/NotCaughtUp"
             }
            }
           }
          },
          "/v1/activities/{messageId}": {
           "get": {
            "summary": "One activity",
            "operationId": "activity",
            "parameters": [
             {
              "name": "messageId",
              "in": "path",
              "required": true,
              "description": "The CIM message id.",
              "schema": {
               "type": "string"
              }
             },
             {
              "$ref": "#/components/parameters/MinPosition"
             }
            ],
            "responses": {
             "200": {
              "description": "The activity.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Activity"
                }
               }
              },
              "headers": {
               "CX-Applied-Position": {
                "$ref": "#/components/headers/AppliedPosition"
               }
              }
             },
             "404": {
              "$ref": "#/components/responses/UnknownActivity"
             },
             "400": {
              "$ref": "#/components/responses/BadReadParameter"
             },
             "503": {
              "$ref": "#/components/responses/NotCaughtUp"
             }
            }
           }
          },
          "/v1/calls/{callId}": {
           "get": {
            "summary": "A call's current state and its history",
            "operationId": "call",
            "parameters": [
             {
              "name": "callId",
              "in": "path",
              "required": true,
              "description": "The CCAI call id, the 8x8 leg's callId, or a VOICE body's callId.",
              "schema": {
               "type": "string"
              }
             },
             {
              "$ref": "#/components/parameters/MinPosition"
             }
            ],
            "responses": {
             "200": {
              "description": "The call.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/Call"
                }
               }
              },
              "headers": {
               "CX-Applied-Position": {
                "$ref": "#/components/headers/AppliedPosition"
               }
              }
             },
             "404": {
              "$ref": "#/components/responses/UnknownCall"
             },
             "400": {
              "$ref": "#/components/responses/BadReadParameter"
             },
             "503": {
              "$ref": "#/components/responses/NotCaughtUp"
             }
            }
           }
          },
          "/conversation-manager/customer-topics/customer/{customerId}/activities": {
           "get": {
            "summary": "Agent-desk compatible history",
            "operationId": "legacyActivities",
            "parameters": [
             {
              "name": "customerId",
              "in": "path",
              "required": true,
              "description": "The customer.",
              "schema": {
               "type": "string"
              }
             },
             {
              "name": "limit",
              "in": "query",
              "description": "Page size (default 50).",
              "schema": {
               "type": "integer"
              }
             },
             {
              "name": "offset",
              "in": "query",
              "description": "The page number (0, 1, 2, …).",
              "schema": {
               "type": "integer"
              }
             },
             {
              "name": "activity-type",
              "in": "query",
              "description": "ALL or one activity type.",
              "schema": {
               "type": "string"
              }
             },
             {
              "$ref": "#/components/parameters/MinPosition"
             }
            ],
            "responses": {
             "200": {
              "description": "Newest first.",
              "content": {
               "application/json": {
                "schema": {
                 "$ref": "#/components/schemas/LegacyPage"
                }
               }
              },
              "headers": {
               "CX-Applied-Position": {
                "$ref": "#/components/headers/AppliedPosition"
               }
              }
             },
             "400": {
              "$ref": "#/components/responses/BadReadParameter"
             },
             "503": {
              "$ref": "#/components/responses/NotCaughtUp"
             }
            }
           }
          },
          "/openapi.json": {
           "get": {
            "summary": "This document",
            "operationId": "openapi",
            "responses": {
             "200": {
              "description": "OpenAPI 3.1",
              "content": {
               "application/json": {}
              }
             }
            }
           }
          }
         },
         "components": {
          "securitySchemes": {
           "basic": {
            "type": "http",
            "scheme": "basic",
            "description": "Once DIR/credentials.json holds a credential (cxstore credentials add), every route but /healthz requires one: the account as username, its token as password. 401 without valid credentials, 403 outside the credential's scopes (ingest: the ingest routes; read: history and the events feed; sql; admin). While no credential exists the store is open."
           }
          },
          "schemas": {
           "CIMMessage": {
            "type": "object",
            "required": [
             "id",
             "header",
             "body"
            ],
            "description": "A CIM message; see docs/activity-types.md for every rule.",
            "properties": {
             "id": {
              "type": [
               "string",
               "number"
              ]
             },
             "header": {
              "type": "object",
              "required": [
               "sender"
              ],
              "properties": {
               "sender": {
                "type": "object",
                "required": [
                 "id",
                 "type"
                ]
               }
              }
             },
             "body": {
              "type": "object",
              "required": [
               "type"
              ]
             }
            }
           },
           "BatchReceipt": {
            "type": "object",
            "required": [
             "results",
             "accepted",
             "duplicates",
             "conflicts"
            ],
            "additionalProperties": false,
            "properties": {
             "results": {
              "type": "array",
              "items": {
               "type": "object",
               "required": [
                "line"
               ],
               "additionalProperties": false,
               "properties": {
                "line": {
                 "type": "integer",
                 "minimum": 1
                },
                "id": {
                 "type": "string"
                },
                "position": {
                 "type": "integer",
                 "minimum": 1
                },
                "duplicate": {
                 "type": "boolean"
                },
                "error": {
                 "type": "string"
                },
                "existingPosition": {
                 "type": [
                  "integer",
                  "null"
                 ]
                }
               }
              }
             },
             "accepted": {
              "type": "integer",
              "minimum": 0
             },
             "duplicates": {
              "type": "integer",
              "minimum": 0
             },
             "conflicts": {
              "type": "integer",
              "minimum": 0
             }
            }
           },
           "IngestReceipt": {
            "type": "object",
            "required": [
             "id",
             "position",
             "duplicate"
            ],
            "additionalProperties": false,
            "properties": {
             "id": {
              "type": "string"
             },
             "position": {
              "type": "integer",
              "minimum": 1
             },
             "duplicate": {
              "type": "boolean"
             }
            }
           },
           "Problem": {
            "type": "object",
            "required": [
             "type",
             "title",
             "status",
             "detail",
             "errors"
            ],
            "properties": {
             "type": {
              "type": "string"
             },
             "title": {
              "type": "string"
             },
             "status": {
              "type": "integer"
             },
             "detail": {
              "type": "string"
             },
             "errors": {
              "type": "array",
              "items": {
               "type": "object",
               "required": [
                "field",
                "message"
               ],
               "properties": {
                "field": {
                 "type": "string"
                },
                "message": {
                 "type": "string"
                }
               }
              }
             },
             "existingPosition": {
              "type": "integer"
             }
            }
           },
           "Event": {
            "type": "object",
            "required": [
             "position",
             "type",
             "recordedAt",
             "message"
            ],
            "additionalProperties": false,
            "properties": {
             "position": {
              "type": "integer"
             },
             "type": {
              "type": "string"
             },
             "recordedAt": {
              "type": "integer"
             },
             "message": {
              "type": "object"
             }
            }
           },
           "EventPage": {
            "type": "object",
            "required": [
             "events",
             "nextAfter"
            ],
            "additionalProperties": false,
            "properties": {
             "events": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Event"
              }
             },
             "nextAfter": {
              "type": "integer"
             }
            }
           },
           "Health": {
            "type": "object",
            "required": [
             "status",
             "logHead",
             "projectionsApplied",
             "projectionLag"
            ],
            "additionalProperties": false,
            "properties": {
             "status": {
              "type": "string"
             },
             "logHead": {
              "type": "integer",
              "description": "The position of the last logged event."
             },
             "projectionsApplied": {
              "type": "integer",
              "description": "The position every read model has applied."
             },
             "projectionLag": {
              "type": "integer",
              "description": "Logged events the read models have yet to apply."
             }
            }
           },
           "Sender": {
            "type": "object",
            "required": [
             "id",
             "type",
             "name"
            ],
            "additionalProperties": false,
            "properties": {
             "id": {
              "type": "string"
             },
             "type": {
              "type": "string"
             },
             "name": {
              "type": [
               "string",
               "null"
              ]
             }
            }
           },
           "Activity": {
            "type": "object",
            "additionalProperties": false,
            "required": [
             "messageId",
             "position",
             "type",
             "occurredAt",
             "recordedAt",
             "customerId",
             "conversationId",
             "channelSessionId",
             "serviceIdentifier",
             "sender",
             "summary",
             "deliveryStatus",
             "message"
            ],
            "properties": {
             "messageId": {
              "type": "string"
             },
             "position": {
              "type": "integer"
             },
             "type": {
              "type": "string"
             },
             "occurredAt": {
              "type": "integer"
             },
             "recordedAt": {
              "type": "integer"
             },
             "customerId": {
              "type": [
               "string",
               "null"
              ]
             },
             "conversationId": {
              "type": [
               "string",
               "null"
              ]
             },
             "channelSessionId": {
              "type": [
               "string",
               "null"
              ]
             },
             "serviceIdentifier": {
              "type": [
               "string",
               "null"
              ]
             },
             "sender": {
              "$ref": "#/components/schemas/Sender"
             },
             "summary": {
              "type": "string"
             },
             "deliveryStatus": {
              "type": [
               "string",
               "null"
              ]
             },
             "message": {
              "type": "object"
             }
            }
           },
           "ActivityPage": {
            "type": "object",
            "required": [
             "activities",
             "nextCursor"
            ],
            "additionalProperties": false,
            "properties": {
             "activities": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Activity"
              }
             },
             "nextCursor": {
              "type": [
               "string",
               "null"
              ]
             }
            }
           },
           "Identity": {
            "type": "object",
            "required": [
             "channelCustomerIdentifier",
             "serviceIdentifier",
             "firstSeenAt",
             "lastSeenAt"
            ],
            "additionalProperties": false,
            "properties": {
             "channelCustomerIdentifier": {
              "type": "string"
             },
             "serviceIdentifier": {
              "type": [
               "string",
               "null"
              ]
             },
             "firstSeenAt": {
              "type": "integer"
             },
             "lastSeenAt": {
              "type": "integer"
             }
            }
           },
           "Customer": {
            "type": "object",
            "additionalProperties": false,
            "required": [
             "customerId",
             "firstName",
             "lastName",
             "derived",
             "identities",
             "activityCount",
             "firstActivityAt",
             "lastActivityAt"
            ],
            "properties": {
             "customerId": {
              "type": "string"
             },
             "firstName": {
              "type": [
               "string",
               "null"
              ]
             },
             "lastName": {
              "type": [
               "string",
               "null"
              ]
             },
             "derived": {
              "type": "boolean"
             },
             "identities": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Identity"
              }
             },
             "activityCount": {
              "type": "integer"
             },
             "firstActivityAt": {
              "type": [
               "integer",
               "null"
              ]
             },
             "lastActivityAt": {
              "type": [
               "integer",
               "null"
              ]
             }
            }
           },
           "Conversation": {
            "type": "object",
            "additionalProperties": false,
            "required": [
             "conversationId",
             "customerId",
             "status",
             "closedReason",
             "firstActivityAt",
             "lastActivityAt",
             "closedAt",
             "activityCount",
             "channels",
             "participants",
             "wrapUps"
            ],
            "properties": {
             "conversationId": {
              "type": "string"
             },
             "customerId": {
              "type": [
               "string",
               "null"
              ]
             },
             "status": {
              "type": "string",
              "enum": [
               "ACTIVE",
               "CLOSED"
              ]
             },
             "closedReason": {
              "type": [
               "string",
               "null"
              ]
             },
             "firstActivityAt": {
              "type": "integer"
             },
             "lastActivityAt": {
              "type": "integer"
             },
             "closedAt": {
              "type": [
               "integer",
               "null"
              ]
             },
             "activityCount": {
              "type": "integer"
             },
             "channels": {
              "type": "array",
              "items": {
               "type": "string"
              }
             },
             "participants": {
              "type": "array",
              "items": {
               "type": "object",
               "required": [
                "type",
                "id"
               ],
               "properties": {
                "type": {
                 "type": "string"
                },
                "id": {
                 "type": "string"
                },
                "name": {
                 "type": [
                  "string",
                  "null"
                 ]
                }
               }
              }
             },
             "wrapUps": {
              "type": "array",
              "items": {
               "type": "object",
               "required": [
                "value"
               ],
               "properties": {
                "categoryName": {
                 "type": [
                  "string",
                  "null"
                 ]
                },
                "value": {
                 "type": "string"
                },
                "note": {
                 "type": [
                  "string",
                  "null"
                 ]
                },
                "appliedAt": {
                 "type": "integer"
                },
                "appliedBy": {
                 "type": "string"
                }
               }
              }
             }
            }
           },
           "ConversationPage": {
            "type": "object",
            "required": [
             "conversations",
             "nextCursor"
            ],
            "additionalProperties": false,
            "properties": {
             "conversations": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Conversation"
              }
             },
             "nextCursor": {
              "type": [
               "string",
               "null"
              ]
             }
            }
           },
           "ConversationWithActivities": {
            "type": "object",
            "required": [
             "conversation",
             "activities",
             "nextCursor"
            ],
            "additionalProperties": false,
            "properties": {
             "conversation": {
              "$ref": "#/components/schemas/Conversation"
             },
             "activities": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Activity"
              }
             },
             "nextCursor": {
              "type": [
               "string",
               "null"
              ]
             }
            }
           },
           "LegacyPage": {
            "type": "object",
            "required": [
             "docs",
             "totalDocs"
            ],
            "properties": {
             "docs": {
              "type": "array",
              "items": {
               "type": "object",
               "required": [
                "_id",
                "customerId",
                "timestamp",
                "activity"
               ],
               "properties": {
                "_id": {
                 "type": "string"
                },
                "customerId": {
                 "type": [
                  "string",
                  "null"
                 ]
                },
                "conversationId": {
                 "type": [
                  "string",
                  "null"
                 ]
                },
                "channelSessionId": {
                 "type": [
                  "string",
                  "null"
                 ]
                },
                "recordCreationTime": {
                 "type": "string"
                },
                "timestamp": {
                 "type": "integer"
                },
                "activity": {
                 "type": "object",
                 "required": [
                  "_id",
                  "name",
                  "type",
                  "timestamp",
                  "eventEmitter",
                  "data"
                 ]
                }
               }
              }
             },
             "totalDocs": {
              "type": "integer"
             },
             "limit": {
              "type": "integer"
             },
             "offset": {
              "type": "integer"
             }
            }
           },
           "VoiceWebhook": {
            "type": "object",
            "description": "An 8x8 Voice webhook: call action (VCA), call status, or Voice Session Summary.",
            "required": [
             "eventType",
             "payload"
            ],
            "properties": {
             "namespace": {
              "type": "string",
              "enum": [
               "VOICE"
              ]
             },
             "eventType": {
              "type": "string",
              "enum": [
               "CALL_ACTION",
               "CALL_STATUS",
               "SESSION_SUMMARY"
              ]
             },
             "description": {
              "type": "string"
             },
             "payload": {
              "type": "object"
             }
            }
           },
           "Callflow": {
            "type": "object",
            "additionalProperties": false,
            "required": [
             "callflow"
            ],
            "properties": {
             "callflow": {
              "type": "array",
              "items": {
               "type": "object"
              },
              "description": "The next steps of the call for a call-action webhook; empty unless an IVR backend is plugged in (VoiceCallflowResponder)."
             }
            }
           },
           "CCAICall": {
            "type": "object",
            "description": "A CCAI Platform call object as the apps API returns it.",
            "required": [
             "id",
             "status"
            ],
            "properties": {
             "id": {
              "type": "integer"
             },
             "status": {
              "type": "string",
              "enum": [
               "selecting",
               "queued",
               "assigned",
               "connecting",
               "connected",
               "finished",
               "failed",
               "switching",
               "recovered",
               "scheduled",
               "action_only",
               "action_only_finished",
               "deflected",
               "voicemail",
               "voicemail_received",
               "voicemail_read"
              ]
             },
             "call_type": {
              "type": "string"
             }
            }
           },
           "CallReceipts": {
            "type": "object",
            "additionalProperties": false,
            "required": [
             "results",
             "accepted",
             "duplicates"
            ],
            "properties": {
             "results": {
              "type": "array",
              "items": {
               "type": "object",
               "additionalProperties": false,
               "required": [
                "callId",
                "status",
                "id",
                "position",
                "duplicate"
               ],
               "properties": {
                "callId": {
                 "type": "integer"
                },
                "status": {
                 "type": "string"
                },
                "id": {
                 "type": "string"
                },
                "position": {
                 "type": "integer"
                },
                "duplicate": {
                 "type": "boolean"
                }
               }
              }
             },
             "accepted": {
              "type": "integer"
             },
             "duplicates": {
              "type": "integer"
             }
            }
           },
           "Call": {
            "type": "object",
            "additionalProperties": false,
            "required": [
             "callId",
             "provider",
             "customerId",
             "conversationId",
             "status",
             "statusAt",
             "agent",
             "menuPath",
             "failReason",
             "waitSeconds",
             "talkSeconds",
             "holdSeconds",
             "transferCount",
             "firstActivityAt",
             "lastActivityAt",
             "history"
            ],
            "properties": {
             "callId": {
              "type": "string"
             },
             "provider": {
              "type": "string",
              "description": "ccai-platform, 8x8-voice, or cim."
             },
             "customerId": {
              "type": [
               "string",
               "null"
              ]
             },
             "conversationId": {
              "type": [
               "string",
               "null"
              ]
             },
             "status": {
              "type": "string",
              "description": "The status of the activity that happened last."
             },
             "statusAt": {
              "type": "integer"
             },
             "agent": {
              "type": [
               "string",
               "null"
              ]
             },
             "menuPath": {
              "type": [
               "string",
               "null"
              ]
             },
             "failReason": {
              "type": [
               "string",
               "null"
              ]
             },
             "waitSeconds": {
              "type": [
               "integer",
               "null"
              ]
             },
             "talkSeconds": {
              "type": [
               "integer",
               "null"
              ]
             },
             "holdSeconds": {
              "type": [
               "integer",
               "null"
              ]
             },
             "transferCount": {
              "type": "integer"
             },
             "firstActivityAt": {
              "type": "integer"
             },
             "lastActivityAt": {
              "type": "integer"
             },
             "history": {
              "type": "array",
              "items": {
               "$ref": "#/components/schemas/Activity"
              }
             }
            }
           }
          },
          "parameters": {
           "StreamAfter": {
            "name": "after",
            "in": "query",
            "description": "Start after this log position (Last-Event-ID wins when both are given).",
            "schema": {
             "type": "integer",
             "minimum": 0
            }
           },
           "LastEventID": {
            "name": "Last-Event-ID",
            "in": "header",
            "description": "The id (log position) of the last event received: resume after it.",
            "schema": {
             "type": "integer",
             "minimum": 0
            }
           },
           "MinPosition": {
            "name": "minPosition",
            "in": "query",
            "description": "Wait (up to 5 s) until the read models have applied this log position, e.g. the one an ingest answered; 503 otherwise.",
            "schema": {
             "type": "integer",
             "minimum": 0
            }
           },
           "PageLimit": {
            "name": "limit",
            "in": "query",
            "description": "Page size (1–200, default 50).",
            "schema": {
             "type": "integer",
             "minimum": 1,
             "maximum": 200
            }
           },
           "Cursor": {
            "name": "cursor",
            "in": "query",
            "description": "The nextCursor of the previous page.",
            "schema": {
             "type": "string"
            }
           }
          },
          "responses": {
           "EventStream": {
            "description": "An endless text/event-stream.",
            "content": {
             "text/event-stream": {
              "schema": {
               "type": "string"
              }
             }
            }
           },
           "InvalidMessage": {
            "description": "Malformed JSON or an invalid message; errors[] names every violated field with its JSON path.",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "IdConflict": {
            "description": "The id is already used by different content (existingPosition).",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "TooLarge": {
            "description": "The body is larger than the server accepts.",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "NotJSON": {
            "description": "The content type is not JSON.",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "DiskFull": {
            "description": "The disk is full; nothing was stored.",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "BadParameter": {
            "description": "A bad parameter.",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "BadReadParameter": {
            "description": "A bad parameter or cursor, named in errors[].",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "NotCaughtUp": {
            "description": "minPosition not reached in time (Retry-After).",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "UnknownCustomer": {
            "description": "Unknown customer.",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "UnknownConversation": {
            "description": "Unknown conversation.",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "UnknownActivity": {
            "description": "Unknown message id.",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "InvalidWebhook": {
            "description": "Malformed JSON, or a webhook its adapter cannot read without guessing; errors[] names every such field. Nothing is stored.",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           },
           "UnknownCall": {
            "description": "Unknown call id.",
            "content": {
             "application/problem+json": {
              "schema": {
               "$ref": "#/components/schemas/Problem"
              }
             }
            }
           }
          },
          "headers": {
           "AppliedPosition": {
            "description": "The log position the read models had applied when the read ran.",
            "schema": {
             "type": "integer"
            }
           },
           "MessageID": {
            "description": "The id of the CIM message the webhook was stored as.",
            "schema": {
             "type": "string"
            }
           },
           "Duplicate": {
            "description": "true when the webhook was stored before (a redelivery).",
            "schema": {
             "type": "boolean"
            }
           }
          }
         }
        }
        """#
}
