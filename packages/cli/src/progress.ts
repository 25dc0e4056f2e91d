/**
 * A progress line on stderr: redrawn in place on a terminal, one line per 10% otherwise
 * (so CI logs and pipes stay readable). Nothing goes to stdout, which keeps output
 * formats like --format json clean.
 */
export interface Progress {
  update(done: number, note?: string): void;
  finish(note?: string): void;
}

export function progressBar(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = stream.isTTY === true;
  const started = Date.now();
  let lastDecile = -1;
  let lastDraw = 0;
  const text = (done: number, note?: string) => {
    const share = total > 0 ? Math.min(1, done / total) : 1;
    const width = 24;
    const filled = Math.round(share * width);
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    return `${label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done.toLocaleString("en-US")}/${total.toLocaleString("en-US")} ${Math.round(share * 100)}% ${rate.toLocaleString("en-US")}/s${note ? ` ${note}` : ""}`;
  };
  return {
    update(done, note) {
      if (tty) {
        if (Date.now() - lastDraw < 100 && done < total) return;
        lastDraw = Date.now();
        stream.write(`\r${text(done, note)}\x1b[K`);
        return;
      }
      const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
      // 100% is left to finish(), which adds the time taken
      if (decile > lastDecile && decile < 10) {
        lastDecile = decile;
        stream.write(`${text(done, note)}\n`);
      }
    },
    finish(note) {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${tty ? "\r" : ""}${text(total, note)} in ${seconds} s${tty ? "\x1b[K" : ""}\n`);
    },
  };
}
