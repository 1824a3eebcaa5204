// Reporters (docs/reporters.md): the tokens node groups' reporters send reports with (only
// their SHA-256 is kept) and the last state each node group reported, so a restart or
// another instance answers the same. Times are epoch milliseconds.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('reporter_tokens', t => {
    t.string('id', 64).primary();
    t.string('node_group', 255).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    t.string('created_by', 255).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('last_used_at').nullable();
    t.bigInteger('revoked_at').nullable();
    t.index(['node_group'], 'reporter_tokens_node_group_idx');
  });
  await knex.schema.createTable('reported_states', t => {
    t.string('node_group', 255).primary();
    t.bigInteger('sequence').notNullable();
    // JSON: ReportedClusterState (connection, applications, agents' objects).
    t.text('state').notNullable();
    t.bigInteger('reported_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('reported_states');
  await knex.schema.dropTable('reporter_tokens');
};
