export { chooseBoundary, indexOfBytes, type RandomSource } from "./boundary.js";
export { encodeQuotedPrintable } from "./encode-quoted-printable.js";
export { PieceWriter } from "./piece-writer.js";
export { prepareEntity, prepareEntityPieces, type EntityPiecesResult, type EntityResult, type PrepareOptions } from "./prepare-entity.js";
export {
  splitTopLevelHeaders,
  writeHeaderFields,
  writeMultipartSigned,
  finishOpaqueSigned,
  type Micalg,
  type MultipartSignedInput,
  type SplitHeaders,
} from "./smime-entity.js";
export { hasEightBit, isTransportSafe, MAX_LINE_OCTETS, scanTransport, type TransportScan } from "./transport-safe.js";
