// Inbound template, the seed's "Tags" setting: the three tag modes of Settings on client and request tags.
const assert = require('assert');
const {
	assertNoFailedRuns,
	chat2deskCall,
	lineMessages,
	publishInbound,
	quiesceInbound,
	waitForLineMessages,
} = require('./lib');

const SALES = 1;
const SPAM = 4;

/**
 * Four clients on channel 1 (→ line 1), prepared before the workflow is published (so none of this
 * reaches n8n): `clientTagged` carries tag Sales, `requestTagged` has an open request tagged Sales,
 * `spam` carries tag Spam, `plain` has no tag at all.
 */
async function tagFixtures(ctx) {
	const c2d = ctx.sandbox.chat2desk;
	const create = async (phone, nickname) =>
		(
			await chat2deskCall(ctx.sandbox, 'POST', '/v1/clients', {
				phone,
				transport: 'whatsapp',
				channel_id: 1,
				nickname,
			})
		).id;
	const clients = {
		clientTagged: await create('79003330001', 'Client tagged Sales'),
		requestTagged: await create('79003330002', 'Request tagged Sales'),
		spam: await create('79003330003', 'Client tagged Spam'),
		plain: await create('79003330004', 'No tags'),
	};
	c2d.assignTag({ tag_id: SALES, client_id: clients.clientTagged });
	c2d.assignTag({ tag_id: SPAM, client_id: clients.spam });
	const opened = c2d.clientWrites({
		client_id: clients.requestTagged,
		channel_id: 1,
		text: 'opens the request',
	});
	c2d.assignTag({ tag_id: SALES, request_id: opened.request_id });
	return clients;
}

/** Every fixture client writes one message (in a fixed order); returns the clients whose text reached the line. */
async function writeAndCollect(ctx, workflow, clients, expectedCount) {
	const c2d = ctx.sandbox.chat2desk;
	for (const [name, clientId] of Object.entries(clients)) {
		c2d.clientWrites({ client_id: clientId, channel_id: 1, text: `from ${name}` });
	}
	if (expectedCount > 0) await waitForLineMessages(ctx.sandbox, expectedCount);
	const executions = await quiesceInbound(ctx, workflow.id);
	assert.strictEqual(executions.length, Object.keys(clients).length, 'one run per message');
	await assertNoFailedRuns(ctx, workflow.id);
	const texts = lineMessages(ctx.sandbox).map((message) => message.text);
	const reached = texts
		.filter((text) => text.startsWith('from '))
		.map((text) => text.replace(/^from /, ''))
		.sort();
	// 'opens the request' was written while nothing listened: it is an unsent message of the request, so
	// it goes out with (and before) the request's next message that passes the filter, never alone.
	assert.strictEqual(
		texts.includes('opens the request'),
		reached.includes('requestTagged'),
		`the earlier message travels with its request: ${JSON.stringify(texts)}`,
	);
	if (reached.includes('requestTagged')) {
		assert.ok(texts.indexOf('opens the request') < texts.indexOf('from requestTagged'));
	}
	return reached;
}

/** The Settings of the tag filter: mode, tags (IDs) and whose tags count. */
function tagFilter(tagMode, tags, tagSource = 'clientOrRequest') {
	return { tagMode, tags: tags.map(String), tagSource };
}

module.exports = [
	{
		name: "inbound: tags — Don't Process Tags passes every client",
		async run(ctx) {
			const clients = await tagFixtures(ctx);
			const workflow = await publishInbound(ctx, {
				label: 'tags-ignore',
				settings: tagFilter('ignoreTags', []),
			});
			const reached = await writeAndCollect(ctx, workflow, clients, 4);
			assert.deepStrictEqual(reached, ['clientTagged', 'plain', 'requestTagged', 'spam']);
		},
	},
	{
		name: 'inbound: tags — Accept Only Tagged (Sales) passes client- and request-tagged clients only',
		async run(ctx) {
			const clients = await tagFixtures(ctx);
			const workflow = await publishInbound(ctx, {
				label: 'tags-accept',
				settings: tagFilter('acceptTagged', [SALES]),
			});
			const reached = await writeAndCollect(ctx, workflow, clients, 2);
			assert.deepStrictEqual(reached, ['clientTagged', 'requestTagged']);
		},
	},
	{
		name: 'inbound: tags — Accept Only Tagged with no tag chosen passes any tagged client',
		async run(ctx) {
			const clients = await tagFixtures(ctx);
			const workflow = await publishInbound(ctx, {
				label: 'tags-accept-any',
				settings: tagFilter('acceptTagged', []),
			});
			const reached = await writeAndCollect(ctx, workflow, clients, 3);
			assert.deepStrictEqual(reached, ['clientTagged', 'requestTagged', 'spam']);
		},
	},
	{
		name: 'inbound: tags — Accept Only Tagged (Sales) on client tags ignores request tags',
		async run(ctx) {
			const clients = await tagFixtures(ctx);
			const workflow = await publishInbound(ctx, {
				label: 'tags-accept-client',
				settings: tagFilter('acceptTagged', [SALES], 'client'),
			});
			const reached = await writeAndCollect(ctx, workflow, clients, 1);
			assert.deepStrictEqual(reached, ['clientTagged']);
		},
	},
	{
		name: 'inbound: tags — Reject Tagged (Spam) passes everyone but the Spam client',
		async run(ctx) {
			const clients = await tagFixtures(ctx);
			const workflow = await publishInbound(ctx, {
				label: 'tags-reject',
				settings: tagFilter('rejectTagged', [SPAM]),
			});
			const reached = await writeAndCollect(ctx, workflow, clients, 3);
			assert.deepStrictEqual(reached, ['clientTagged', 'plain', 'requestTagged']);
		},
	},
	{
		name: 'inbound: tags — Reject Tagged (Sales) on request tags rejects only the tagged request',
		async run(ctx) {
			const clients = await tagFixtures(ctx);
			const workflow = await publishInbound(ctx, {
				label: 'tags-reject-request',
				settings: tagFilter('rejectTagged', [SALES], 'request'),
			});
			const reached = await writeAndCollect(ctx, workflow, clients, 3);
			assert.deepStrictEqual(reached, ['clientTagged', 'plain', 'spam']);
		},
	},
];
