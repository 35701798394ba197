// A fake camera for Chromium (`--use-file-for-fake-video-capture`): a Y4M video whose frames show a QR code, so the
// wallet's camera scanner (getUserMedia + jsQR) can be tested for real.
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';

/** Frame size of the fake camera (pixels). */
const WIDTH = 640;
const HEIGHT = 480;

/**
 * Writes a Y4M video (a few identical 4:2:0 frames) showing the QR code of a text, black on white.
 * @param file - where to write it.
 * @param text - what the QR code says.
 */
export function writeQrVideo(file: string, text: string): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const cells = modules.size + 2 * quiet;
  const scale = Math.floor(Math.min(WIDTH, HEIGHT) / cells);
  const left = Math.floor((WIDTH - cells * scale) / 2);
  const top = Math.floor((HEIGHT - cells * scale) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235);
  for (let y = 0; y < modules.size; y++) {
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(y, x)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = (top + (y + quiet) * scale + dy) * WIDTH + left + (x + quiet) * scale;
        luma.fill(16, row, row + scale);
      }
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...new Array<Buffer>(10).fill(frame)]));
}
