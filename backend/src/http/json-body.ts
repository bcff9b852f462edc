import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { invalid } from './contract-errors';

/**
 * The request body as JSON, for the bodies terminals send: UTF-8, not compressed. Express's
 * `express.json` (body-parser) reads every body through a general pipeline (charset decoders,
 * decompression streams, completion tracking); with the answer's write (app.ts) this took 10 %
 * off an Express request's CPU (issue 16, docs/performance.md "Eighteenth session"). Any
 * other body (gzip, deflate or br; a charset other than UTF-8) still goes to `express.json`,
 * with the same limit. What a client sees is body-parser's behaviour: no body leaves `req.body`
 * unset, an empty one is `{}`, only an object or an array is JSON here (strict), a leading BOM
 * is dropped, and the refusals are the same `invalid_request`s (contract-errors.ts).
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const general = express.json({ limit: limitBytes, type: () => true });
  return (req: Request, res: Response, next: NextFunction) => {
    // A file route read its body raw already (app.ts), or there is no body (type-is's hasBody).
    if (req.readableEnded || (req.headers['transfer-encoding'] === undefined && Number.isNaN(Number(req.headers['content-length'] ?? NaN)))) {
      next();
      return;
    }
    const encoding = req.headers['content-encoding'];
    if ((encoding !== undefined && encoding.toLowerCase() !== 'identity') || !isUtf8(req.headers['content-type'])) {
      general(req, res, next);
      return;
    }
    readJson(req, limitBytes, next);
  };
}

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)/i;

function isUtf8(contentType: string | undefined): boolean {
  const charset = contentType === undefined ? undefined : CHARSET.exec(contentType)?.[1];
  return charset === undefined || charset.toLowerCase() === 'utf-8';
}

function readJson(req: Request, limitBytes: number, next: NextFunction): void {
  const declaredBytes = req.headers['content-length'] === undefined ? null : Number(req.headers['content-length']);
  const chunks: Buffer[] = [];
  let receivedBytes = 0;
  let settled = false;
  const settle = (error: unknown) => {
    if (settled) return;
    settled = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onBroken);
    req.off('aborted', onBroken);
    next(error);
  };
  // Too large: read the rest to nothing, so the connection can carry the refusal and the next request.
  const refuseWhenRead = () => {
    req.off('data', onData);
    req.off('end', onEnd);
    req.resume();
    req.once('end', () => settle(invalid(`the body is larger than ${limitBytes} bytes`, { bytesMax: limitBytes })));
  };
  const onData = (chunk: Buffer) => {
    receivedBytes += chunk.length;
    if (receivedBytes > limitBytes) {
      chunks.length = 0;
      refuseWhenRead();
      return;
    }
    chunks.push(chunk);
  };
  const onEnd = () => {
    let text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
    // iconv-lite's UTF-8 decoder, which body-parser reads with, drops a byte order mark.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      req.body = parseStrict(text);
    } catch (error) {
      settle(error);
      return;
    }
    settle(undefined);
  };
  const onBroken = () => settle(invalid('the body could not be read as sent (its Content-Encoding or length is wrong)'));
  req.on('error', onBroken);
  req.on('aborted', onBroken);
  if (declaredBytes !== null && declaredBytes > limitBytes) {
    refuseWhenRead();
    return;
  }
  req.on('data', onData);
  req.on('end', onEnd);
}

/** JSON's whitespace (space, tab, LF, CR), then the first other character. */
const FIRST_NON_WHITESPACE = /^[ \t\n\r]*([^ \t\n\r]|$)/;

/** body-parser's strict JSON: an empty body is `{}`; anything but an object or an array is refused. */
function parseStrict(text: string): unknown {
  if (text.length === 0) return {};
  const first = text[0] === '{' || text[0] === '[' ? text[0] : FIRST_NON_WHITESPACE.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw invalid('the body is not valid JSON');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw invalid('the body is not valid JSON');
  }
}
