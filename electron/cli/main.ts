// Placeholder until the CLI lands (issue 2).
process.stdout.write('punie: not built yet\n');
