/** QR code decoding in the browser with jsQR (loaded on first use: the wallet route does not download it until then). */

type JsQr = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
  options?: { inversionAttempts?: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' },
) => { data: string } | null;
let loading: Promise<JsQr> | undefined;

function jsQr(): Promise<JsQr> {
  // jsQR is CommonJS: the bundler hands over the function as `default`, Node's typing wraps it once more
  loading ??= import('jsqr').then((m) => {
    const exported = m.default as unknown;
    return (typeof exported === 'function' ? exported : (exported as { default: JsQr }).default) as JsQr;
  });
  return loading;
}

/**
 * Decodes the QR code in an image.
 * @param pixels - RGBA pixels (from a canvas).
 * @param width - width in pixels.
 * @param height - height in pixels.
 * @param thorough - also try inverted images (slower; for uploaded pictures).
 * @returns the text, or undefined when no QR code was found.
 */
export async function decodeQr(
  pixels: Uint8ClampedArray,
  width: number,
  height: number,
  thorough = false,
): Promise<string | undefined> {
  const decode = await jsQr();
  return decode(pixels, width, height, { inversionAttempts: thorough ? 'attemptBoth' : 'dontInvert' })?.data;
}

/**
 * Decodes the QR code in an image file (a photo or screenshot of a QR code).
 * @param file - the image.
 * @returns the text, or undefined when none was found.
 */
export async function decodeQrFile(file: Blob): Promise<string | undefined> {
  const bitmap = await createImageBitmap(file);
  try {
    // a small white margin helps when the picture is cropped tight around the code
    const margin = 16;
    const canvas = document.createElement('canvas');
    canvas.width = bitmap.width + 2 * margin;
    canvas.height = bitmap.height + 2 * margin;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) return undefined;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, margin, margin);
    const { data, width, height } = context.getImageData(0, 0, canvas.width, canvas.height);
    return await decodeQr(data, width, height, true);
  } finally {
    bitmap.close();
  }
}
