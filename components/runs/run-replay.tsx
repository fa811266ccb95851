'use client';

import { parseJsonEventStream, readUIMessageStream, uiMessageChunkSchema, type UIMessageChunk } from 'ai';
import { Pause, Play } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ChatMessage as Message } from '@/lib/chat/types';
import { ReplayContext } from '@/components/approvals/replay-context';
import { ChatMessage } from '@/components/chat/message';
import { Button } from '@/components/ui/button';

async function fold(chunks: UIMessageChunk[]): Promise<Message | null> {
  const stream = new ReadableStream<UIMessageChunk>({
    start(controller) {
      // Copies: the SDK keeps a data chunk as the message part and later updates that part's
      // data in place, which would rewrite the stored chunk (a pending approval read as decided).
      for (const chunk of chunks) controller.enqueue(structuredClone(chunk));
      controller.close();
    },
  });
  let message: Message | null = null;
  for await (const state of readUIMessageStream<Message>({ stream, terminateOnError: false })) message = state;
  return message;
}

/**
 * The run's output replayed from its own stream, with the chat's own message UI: drag to
 * any chunk to see the answer as it stood then, or play it from there.
 */
export function RunReplay({ runId, live }: { runId: string; live: boolean }) {
  const [chunks, setChunks] = useState<UIMessageChunk[] | null>(null);
  const [position, setPosition] = useState(0);
  // The answer as it stood at a chunk, and which chunk that was (folding is asynchronous).
  const [shown, setShown] = useState<{ message: Message | null; at: number }>({ message: null, at: 0 });
  const message = shown.message;
  const [playing, setPlaying] = useState(false);

  // Read the whole stream (an ended run's stream ends with `finish`; a live one follows along).
  useEffect(() => {
    const controller = new AbortController();
    (async () => {
      const response = await fetch(`/api/chat/${encodeURIComponent(runId)}/stream?startIndex=0`, { signal: controller.signal });
      if (!response.ok || !response.body) return;
      const collected: UIMessageChunk[] = [];
      for await (const result of parseJsonEventStream({ stream: response.body, schema: uiMessageChunkSchema }) as unknown as AsyncIterable<{
        success: boolean;
        value: UIMessageChunk;
      }>) {
        if (!result.success) continue;
        collected.push(result.value);
        setChunks([...collected]);
        setPosition(collected.length);
      }
    })().catch(() => {});
    return () => controller.abort();
  }, [runId, live]);

  useEffect(() => {
    if (!chunks) return;
    let cancelled = false;
    void fold(chunks.slice(0, position)).then((folded) => !cancelled && setShown({ message: folded, at: position }));
    return () => {
      cancelled = true;
    };
  }, [chunks, position]);

  useEffect(() => {
    if (!playing || !chunks) return;
    const timer = setTimeout(() => {
      if (position >= chunks.length) setPlaying(false);
      else setPosition((p) => p + 1);
    }, 40);
    return () => clearTimeout(timer);
  }, [playing, position, chunks]);

  if (!chunks) return <p className="text-sm text-muted-foreground">Loading the run’s stream…</p>;
  return (
    <div className="flex flex-col gap-3" data-testid="replay">
      <div className="flex items-center gap-3 text-xs text-muted-foreground">
        <Button
          size="icon"
          aria-label={playing ? 'Pause replay' : 'Play replay'}
          onClick={() => {
            if (!playing && position >= chunks.length) setPosition(0);
            setPlaying(!playing);
          }}
        >
          {playing ? <Pause className="size-3.5" /> : <Play className="size-3.5" />}
        </Button>
        <input
          type="range"
          aria-label="Chunk"
          min={0}
          max={chunks.length}
          value={position}
          onChange={(event) => {
            setPlaying(false);
            setPosition(Number(event.target.value));
          }}
          className="flex-1"
        />
        <span className="w-28 text-right tabular-nums" data-testid="replay-position">
          chunk {position} of {chunks.length}
        </span>
      </div>
      <div className="rounded-lg border p-4" data-testid="replay-frame" data-at={shown.at}>
        {message && message.parts.length > 0 ? (
          <ReplayContext.Provider value={true}>
            <ChatMessage message={message} streaming={position < chunks.length} />
          </ReplayContext.Provider>
        ) : (
          <p className="text-sm text-muted-foreground">Nothing shown yet at this point.</p>
        )}
      </div>
    </div>
  );
}
