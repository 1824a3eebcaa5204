import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder where edge-gitops:register keeps application Components, read by the catalog
 * through a file location with target <dataDir>/catalog/*.yaml. A glob that matches nothing
 * fails the location's first processing, and such a location never shows up; so the folder
 * always holds this marker file.
 *
 * @public
 */
export function ensureApplicationCatalogFolder(dataDir: string): string {
  const dir = path.join(dataDir, 'catalog');
  fs.mkdirSync(dir, { recursive: true });
  const marker = path.join(dir, '_edge-gitops.yaml');
  if (!fs.existsSync(marker)) {
    fs.writeFileSync(
      marker,
      '# Components registered by edge-gitops:register live beside this file.\n',
    );
  }
  return dir;
}
