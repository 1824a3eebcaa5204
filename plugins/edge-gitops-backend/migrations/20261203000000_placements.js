// The placement index (docs/placements.md): per node group, the commit its git location was
// last read at, and per application found there, what it places. Times are epoch milliseconds.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('placement_heads', t => {
    t.string('node_group', 255).primary();
    // url#branch:path of the location read: a node group moved elsewhere is read again.
    t.text('location').notNullable();
    t.string('head', 64).nullable();
    t.text('error').nullable();
    t.bigInteger('indexed_at').notNullable();
  });
  await knex.schema.createTable('placements', t => {
    t.string('node_group', 255).notNullable();
    t.string('application', 255).notNullable();
    t.string('head', 64).notNullable();
    // JSON arrays: file paths, workloads { kind, name, namespace }, images, host ports.
    t.text('files').notNullable();
    t.text('workloads').notNullable();
    t.text('images').notNullable();
    t.text('host_ports').notNullable();
    t.primary(['node_group', 'application']);
    t.index(['application'], 'placements_application_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('placements');
  await knex.schema.dropTable('placement_heads');
};
