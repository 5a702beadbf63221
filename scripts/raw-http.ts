import net from "node:net";

/**
 * The lightest HTTP/1.1 client the bench can be: one keep-alive connection, a request written whole in one
 * write, the response read to its end (Content-Length or chunked) and only its status kept. The bench's client
 * shares the server's two cores; Node's `fetch` (undici) spends several hundred microseconds of CPU on each
 * request, which at fifty requests at once is time the server under test waits for the core (decision 029).
 * For the bench only: it understands exactly the responses our server and the bare floor server send.
 */
export class RawHttpConnection {
  private socket: net.Socket | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (status: number) => void; reject: (error: Error) => void } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Sends one request (its full text, body included) and resolves with the response's status. */
  async request(text: string): Promise<number> {
    if (!this.socket) await this.connect();
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket!.write(text);
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
    this.buffer = Buffer.alloc(0);
  }

  /** Opens the connection now (before a clock starts), if it is not open. */
  async open(): Promise<void> {
    if (!this.socket) await this.connect();
  }

  private connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.port, this.host, () => {
        socket.off("error", reject);
        resolve();
      });
      socket.setNoDelay(true);
      socket.once("error", reject);
      socket.on("data", (chunk: Buffer) => {
        this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
        this.finish();
      });
      socket.on("close", () => {
        // A connection closed on purpose may report it after the next one has opened: that one is left alone.
        if (this.socket !== socket) return;
        this.socket = null;
        this.buffer = Buffer.alloc(0);
        const waiting = this.waiting;
        this.waiting = null;
        waiting?.reject(new Error("The server closed the connection before answering"));
      });
      this.socket = socket;
    });
  }

  /** Settles the request in flight once its whole response is in the buffer. */
  private finish(): void {
    if (!this.waiting) return;
    const headEnd = this.buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) return;
    const head = this.buffer.subarray(0, headEnd).toString("latin1");
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let end = headEnd + 4;
    if (length) end += Number(length[1]);
    else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const last = this.buffer.indexOf("\r\n0\r\n\r\n", headEnd);
      if (last < 0) return;
      end = last + "\r\n0\r\n\r\n".length;
    }
    if (this.buffer.length < end) return;
    this.buffer = this.buffer.subarray(end);
    const waiting = this.waiting;
    this.waiting = null;
    waiting.resolve(Number(head.slice("HTTP/1.1 ".length, "HTTP/1.1 ".length + 3)));
  }
}
