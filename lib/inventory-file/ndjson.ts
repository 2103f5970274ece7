/**
 * Reads newline-delimited JSON from a byte stream, one value per line, as lines arrive (the
 * import's progress events). A line split across chunks is joined before it is parsed.
 */
export async function* parseNdjson<T>(stream: ReadableStream<Uint8Array>): AsyncGenerator<T> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
    let newline = buffer.indexOf("\n");
    while (newline !== -1) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line !== "") yield JSON.parse(line) as T;
      newline = buffer.indexOf("\n");
    }
    if (done) break;
  }
  if (buffer.trim() !== "") yield JSON.parse(buffer) as T;
}
