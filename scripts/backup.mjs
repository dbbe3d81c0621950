#!/usr/bin/env node
// `pnpm backup`: asks the running server for a consistent copy of its data (maps and catalogue),
// written under BACKUP_DIR (default: backups/ beside the data folder). PORT and ADMIN_TOKEN as for
// the server.
const port = process.env.PORT || 3000;
const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1';
const headers = process.env.ADMIN_TOKEN ? { authorization: `Bearer ${process.env.ADMIN_TOKEN}` } : {};
try {
  const response = await fetch(`http://${host}:${port}/api/admin/backup`, { method: 'POST', headers });
  const body = await response.json();
  if (!response.ok) {
    console.error(`The server refused the backup: ${body.message ?? response.status}`);
    process.exit(1);
  }
  console.log(`Backup written to ${body.path} (${body.files} files, ${(body.bytes / 1024).toFixed(0)} KiB of maps, plus the catalogue).`);
  console.log('To restore: stop the server and start it with DATA_DIR pointing at that folder (or copy it over data/).');
} catch (error) {
  console.error(`No server answers on http://${host}:${port} (${error.cause?.code ?? error.message}).`);
  console.error('With the server stopped, a plain copy of the data folder is a consistent backup: cp -a data backups/my-copy');
  process.exit(1);
}
