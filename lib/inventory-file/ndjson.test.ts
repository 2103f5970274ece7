import { describe, expect, it } from "vitest";
import { parseNdjson } from "./ndjson";

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(encoder.encode(c));
      controller.close();
    },
  });
}

describe("[INVFILE] NDJSON progress reader", () => {
  it("yields one value per line, joining lines split across chunks (multi-byte characters included)", async () => {
    const out: unknown[] = [];
    const text = '{"a":1}\n{"b":"é—ü"}\n\n{"c":3}';
    const bytes = new TextEncoder().encode(text);
    // Split in the middle of a multi-byte character.
    const cut = bytes.indexOf(0xc3) + 1;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    for await (const v of parseNdjson(stream)) out.push(v);
    expect(out).toEqual([{ a: 1 }, { b: "é—ü" }, { c: 3 }]);
  });

  it("handles many small chunks", async () => {
    const out: unknown[] = [];
    for await (const v of parseNdjson(streamOf('{"x":', "1}\n", '{"y"', ":2}\n"))) out.push(v);
    expect(out).toEqual([{ x: 1 }, { y: 2 }]);
  });
});
