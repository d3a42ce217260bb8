/** Score-file readers shared by uploads and `arena evaluate`. */
export { isScoreFileError, ScoreFileError, type ScoreFileErrorCode } from "./errors";
export { type ReadScoreFileOptions, readScoreFile, type ScoreFile } from "./scores";
export { readPublicFeature, readSealedTruth } from "./blackbox";
export { isHdf5 } from "./hdf5";
export {
  type PublicFileInput,
  type TruthFileInput,
  writePublicFile,
  writePublicFileAt,
  writeTruthFile,
} from "./blackbox-write";
export { truthCommitment, verifyTruth } from "./commitment";
