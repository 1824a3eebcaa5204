// Batch jobs (docs/batch-jobs.md): the job, its waves, one row per node group, and who did
// what. Times are epoch milliseconds, the same on SQLite and PostgreSQL.

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('batch_jobs', t => {
    t.string('id', 36).primary();
    t.string('application', 63).notNullable();
    t.string('state', 32).notNullable();
    // The EdgeApplication and the job's options, as JSON.
    t.text('spec').notNullable();
    t.integer('attempt').notNullable().defaultTo(1);
    t.integer('current_wave').notNullable().defaultTo(0);
    t.integer('wave_count').notNullable();
    t.string('created_by', 255).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.bigInteger('finished_at').nullable();
    // Which backend instance runs the job, until when (see BatchJobStore.claim).
    t.string('lease_owner', 64).nullable();
    t.bigInteger('lease_until').nullable();
    t.index(['state'], 'batch_jobs_state_idx');
    t.index(['application'], 'batch_jobs_application_idx');
    t.index(['created_at'], 'batch_jobs_created_at_idx');
  });
  await knex.schema.createTable('batch_waves', t => {
    t.string('job_id', 36)
      .notNullable()
      .references('id')
      .inTable('batch_jobs')
      .onDelete('CASCADE');
    t.integer('index').notNullable();
    t.string('state', 16).notNullable();
    // Holds node groups deferred because their cluster was unreachable.
    t.boolean('deferred').notNullable().defaultTo(false);
    t.bigInteger('started_at').nullable();
    t.bigInteger('finished_at').nullable();
    t.primary(['job_id', 'index']);
  });
  await knex.schema.createTable('batch_node_groups', t => {
    t.string('job_id', 36)
      .notNullable()
      .references('id')
      .inTable('batch_jobs')
      .onDelete('CASCADE');
    t.string('name', 253).notNullable();
    t.integer('position').notNullable();
    t.integer('wave').notNullable();
    t.string('state', 16).notNullable();
    t.text('reason').nullable();
    t.string('commit', 64).nullable();
    t.integer('attempt').notNullable().defaultTo(1);
    t.bigInteger('current_since').nullable();
    t.primary(['job_id', 'name']);
    t.index(['job_id', 'wave'], 'batch_node_groups_wave_idx');
  });
  await knex.schema.createTable('batch_events', t => {
    t.increments('id');
    t.string('job_id', 36)
      .notNullable()
      .references('id')
      .inTable('batch_jobs')
      .onDelete('CASCADE');
    t.bigInteger('at').notNullable();
    t.string('actor', 255).notNullable();
    t.string('action', 32).notNullable();
    t.text('message').notNullable();
    t.index(['job_id'], 'batch_events_job_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('batch_events');
  await knex.schema.dropTable('batch_node_groups');
  await knex.schema.dropTable('batch_waves');
  await knex.schema.dropTable('batch_jobs');
};
