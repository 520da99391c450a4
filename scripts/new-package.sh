#!/usr/bin/env bash
# Scaffold a new workspace package: scripts/new-package.sh <name> "<description>" ['<dependencies json>']
# Creates packages/<name>/{package.json,tsconfig.json,LICENSE,src/} with the exports map every
# opnas package uses (the @opnas/source condition points at src for tests and typecheck).
set -euo pipefail
name=$1 desc=$2 deps=${3:-'{}'}
dir="packages/$name"
deps_line=""
[ "$deps" != '{}' ] && deps_line="  \"dependencies\": $deps,"
[ -e "$dir" ] && { echo "new-package: $dir exists" >&2; exit 1; }
mkdir -p "$dir/src"
cat > "$dir/package.json" <<EOF
{
  "name": "@opnas/$name",
  "version": "0.1.0",
  "description": "$desc",
  "license": "MIT",
  "repository": { "type": "git", "url": "git+https://github.com/opnas/opnas.git", "directory": "packages/$name" },
  "homepage": "https://github.com/opnas/opnas/tree/main/packages/$name#readme",
  "bugs": { "url": "https://github.com/opnas/opnas/issues" },
  "type": "module",
  "sideEffects": false,
  "engines": { "node": ">=20" },
  "exports": {
    ".": {
      "@opnas/source": "./src/index.ts",
      "import": { "types": "./dist/index.d.ts", "default": "./dist/index.js" },
      "require": { "types": "./dist/index.d.cts", "default": "./dist/index.cjs" }
    },
    "./package.json": "./package.json"
  },
  "main": "./dist/index.cjs",
  "module": "./dist/index.js",
  "types": "./dist/index.d.ts",
  "files": ["dist", "src", "!src/**/*.test*.ts", "README.md", "CHANGELOG.md", "LICENSE"],
  "scripts": {
    "build": "tsup src/index.ts --format esm,cjs --dts --clean --sourcemap --target node20"
  },
$deps_line
  "keywords": ["neural-architecture-search", "nas", "enas"],
  "publishConfig": { "access": "public" }
}
EOF
cp LICENSE "$dir/LICENSE"
printf '{\n  "extends": "../../tsconfig.base.json",\n  "include": ["src"]\n}\n' > "$dir/tsconfig.json"
# typedoc reads src/index.ts through packageOptions in the root typedoc.json
echo "created $dir"
