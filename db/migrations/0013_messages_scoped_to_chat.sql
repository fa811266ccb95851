-- Message ids come from the browser: unique within a chat, not across everyone's chats.
ALTER TABLE "messages" DROP CONSTRAINT "messages_pkey";--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_chat_id_id_pk" PRIMARY KEY("chat_id","id");--> statement-breakpoint
ALTER TABLE "queued_messages" DROP CONSTRAINT "queued_messages_pkey";--> statement-breakpoint
ALTER TABLE "queued_messages" ADD CONSTRAINT "queued_messages_chat_id_id_pk" PRIMARY KEY("chat_id","id");
