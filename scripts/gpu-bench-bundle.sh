#!/usr/bin/env bash
# Pack `npm run bench:gpu` for a GPU machine that has no Node.js and no registry (the `device` tool):
# .gpu/ gets Node (xz), the bench bundled by esbuild, Dawn's dawn.node (xz) and the wasm files of
# TensorFlow.js's CPU backend; about 32 MB. There, with the Vulkan loader packages unpacked:
#   xz -dc .gpu/node.xz > /tmp/node && chmod +x /tmp/node
#   xz -dc .gpu/dawn.node.xz > .gpu/node_modules/webgpu/dist/linux-x64/dawn.node
#   cd .gpu && ARENA_DEVICE=gpu /tmp/node bench.mjs
# (docs/performance.md says how the H100 figures were taken).
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .gpu
mkdir -p .gpu/node_modules/webgpu/dist/linux-x64 .gpu/node_modules/@tensorflow/tfjs-backend-wasm/dist
cp node_modules/webgpu/{index.js,package.json} .gpu/node_modules/webgpu/
xz -T0 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node > .gpu/dawn.node.xz
cp node_modules/@tensorflow/tfjs-backend-wasm/package.json .gpu/node_modules/@tensorflow/tfjs-backend-wasm/
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm .gpu/node_modules/@tensorflow/tfjs-backend-wasm/dist/
xz -T0 -6 -c "$(command -v node)" > .gpu/node.xz
# The bundle is ESM: give the CommonJS parts of TensorFlow.js the require/__dirname they expect.
banner="import { createRequire as __cr } from 'module'; import { fileURLToPath as __fu } from 'url';"
banner+=" import { dirname as __dn } from 'path'; const require = __cr(import.meta.url);"
banner+=" const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);"
npx esbuild bench/gpu.ts --bundle --platform=node --format=esm --target=node20 \
  --external:webgpu --alias:@=. --outfile=.gpu/bench.mjs --banner:js="$banner" --log-level=warning
du -sh .gpu
