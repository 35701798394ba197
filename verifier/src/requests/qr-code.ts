import QRCode from 'qrcode';

/**
 * A QR code of `text` as a PNG data URL (`data:image/png;base64,…`), error correction M.
 * @param text - what the code carries (an `openid4vp://` authorization request URI).
 */
export async function qrCodeDataUrl(text: string): Promise<string> {
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 320 });
}
