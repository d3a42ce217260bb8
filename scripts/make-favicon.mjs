// Writes app/favicon.ico from app/icon.svg: PNG images of 16, 32 and 48 px in an ICO container
// (PNG inside ICO is read by every browser since 2007). Run it after editing the SVG:
//   node scripts/make-favicon.mjs
// sharp comes with Next.js (its image optimiser); nothing else uses it.
import fs from "node:fs";
import sharp from "sharp";

const SIZES = [16, 32, 48];
const svg = fs.readFileSync("app/icon.svg");
// The SVG is drawn on a 32-unit grid: render each size at its own density, not by scaling a bitmap.
const pngs = await Promise.all(
  SIZES.map((s) =>
    sharp(svg, { density: (72 * s) / 32 })
      .resize(s, s)
      .png({ compressionLevel: 9 })
      .toBuffer(),
  ),
);
const header = Buffer.alloc(6 + 16 * SIZES.length);
header.writeUInt16LE(0, 0); // reserved
header.writeUInt16LE(1, 2); // 1 = icon
header.writeUInt16LE(SIZES.length, 4);
let offset = header.length;
SIZES.forEach((s, i) => {
  const e = 6 + 16 * i;
  header.writeUInt8(s, e); // width (0 would mean 256)
  header.writeUInt8(s, e + 1); // height
  header.writeUInt8(0, e + 2); // no palette
  header.writeUInt8(0, e + 3); // reserved
  header.writeUInt16LE(1, e + 4); // colour planes
  header.writeUInt16LE(32, e + 6); // bits per pixel
  header.writeUInt32LE(pngs[i].length, e + 8);
  header.writeUInt32LE(offset, e + 12);
  offset += pngs[i].length;
});
fs.writeFileSync("app/favicon.ico", Buffer.concat([header, ...pngs]));
console.log(`app/favicon.ico: ${offset} bytes (${SIZES.join(", ")} px)`);
