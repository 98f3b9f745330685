// Browser end-to-end test: a real server on the embedded database, Debian's
// Chromium, the built client, two users in two browser contexts. Run with
// `npm run e2e` after `npm run build`.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts');
const SCREENSHOTS = join(ARTIFACTS, 'screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const DAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

const ADA = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  password: 'correct horse battery',
  zone: 'Europe/Berlin',
};
const BOB = {
  name: 'Bob Kahn',
  email: 'bob@example.com',
  password: 'another good password',
  zone: 'America/New_York',
};

const figures = {};

/** Full-page screenshots at desktop and phone width, back to desktop. */
async function shoot(page, name) {
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ]) {
    await page.setViewportSize(size);
    // Let layout settle after the resize.
    await page.evaluate(
      () => new Promise((r) => requestAnimationFrame(() => r())),
    );
    await page.screenshot({
      path: join(SCREENSHOTS, `${name}-${label}.png`),
      fullPage: true,
    });
  }
  await page.setViewportSize(DESKTOP);
}

async function nav(page, label) {
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', {
      name: label,
      exact: true,
    })
    .click();
}

async function fillWholeWeek(page, range) {
  for (const day of DAYS) {
    const field = page.getByLabel(`${day} range 1`);
    if ((await field.count()) === 0) {
      await page.getByRole('button', { name: `Add a range on ${day}` }).click();
    }
    await field.fill(range);
    // Drop any second range left from earlier edits.
    const second = page.getByLabel(`Remove range 2 on ${day}`);
    while ((await second.count()) > 0) await second.click();
  }
}

async function signUpWithErrors(page, url) {
  await page.goto(`${url}/login`);
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  await shoot(page, 'login');

  // An empty form gets the API's field errors under each field.
  await page.goto(`${url}/signup`);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByText('password must be at least 8 bytes').waitFor();
  assert.equal(
    await page.getByLabel('Password').getAttribute('aria-invalid'),
    'true',
  );
  await shoot(page, 'signup');
}

async function signUp(page, url, who) {
  if (!page.url().endsWith('/signup')) await page.goto(`${url}/signup`);
  await page.getByLabel('Name').fill(who.name);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL('**/profile');
  await page
    .locator('[data-testid=connection-state][data-state=connected]')
    .waitFor();
}

async function fillProfile(page, who, { skills, level }) {
  // The zone defaults to the browser's.
  assert.equal(
    await page.getByLabel('Time zone', { exact: true }).inputValue(),
    who.zone,
  );
  for (const skill of skills) {
    await page.getByLabel('Skills', { exact: true }).fill(skill);
    await page.keyboard.press('Enter');
  }
  await page.getByLabel('Experience level').selectOption(level);
  await page.getByLabel('Bio').fill(`Practising ${skills.join(' and ')}.`);
  await fillWholeWeek(page, '00:00-24:00');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByText('Profile saved.').first().waitFor();
}

async function profileRulesAndSession(page, url) {
  // Overlapping ranges are refused before anything is sent.
  await page.getByRole('button', { name: 'Add a range on Monday' }).click();
  await page.getByLabel('Monday range 2').fill('11:00-13:00');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByText('Overlaps another range on this day').waitFor();
  await shoot(page, 'profile-error');
  await page.getByRole('button', { name: 'Remove range 2 on Monday' }).click();
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByText('Profile saved.').first().waitFor();
  await shoot(page, 'profile');

  // The token is kept, so a refresh stays signed in with the saved profile.
  await page.reload();
  await page.getByLabel('Sunday range 1').waitFor();
  assert.equal(
    await page.getByLabel('Sunday range 1').inputValue(),
    '00:00-24:00',
  );

  // Logging out returns to the login page; protected pages send there too.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.goto(`${url}/profile`);
  await page.waitForURL('**/login');
  await page.getByLabel('Email').fill(ADA.email);
  await page.getByLabel('Password').fill('wrong password here');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').waitFor();

  // After logging in, the user goes back to the page they asked for.
  await page.getByLabel('Password').fill(ADA.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/profile');
  await page.getByText('python').first().waitFor();
}

async function dashboard(a) {
  await nav(a, 'Peers');
  const card = a.getByRole('article', { name: BOB.name });
  await card.waitFor();
  await shoot(a, 'dashboard');
}

/** A finds Bob as best match and sends a request; Bob accepts it live. */
async function bestMatchRequestAccepted(a, b) {
  await nav(b, 'Requests');
  await b.getByText('No requests for you yet.').waitFor();
  await shoot(b, 'requests-empty');

  await nav(a, 'Find a match');
  await a.getByTestId(`match-${b.userId}`).waitFor();
  await a.getByRole('button', { name: 'Find Best Match' }).click();
  const best = a.getByTestId('best-match');
  await best.getByText(`Best match: ${BOB.name}`).waitFor();
  // The card of the best match is highlighted too.
  assert.match(
    await a.getByTestId(`match-${b.userId}`).getAttribute('class'),
    /ring-indigo-500/,
  );
  await shoot(a, 'match');
  await best
    .getByRole('button', { name: /^Send request for / })
    .first()
    .click();
  await a.getByText(`Request sent to ${BOB.name}.`).waitFor();

  // Bob sees it without reloading, with a toast.
  const incoming = b.getByRole('list', { name: 'Incoming requests' });
  await incoming.getByText(ADA.name).waitFor();
  await b.getByText(`New request from ${ADA.name}.`).waitFor();

  await nav(a, 'Requests');
  const outgoing = a.getByRole('list', { name: 'Outgoing requests' });
  await outgoing.getByText('Pending').waitFor();
  await shoot(b, 'requests');

  await incoming.getByRole('button', { name: 'Accept' }).click();
  await incoming.getByText('Accepted').waitFor();
  // Ada's badge changes live.
  await outgoing.getByText('Accepted').waitFor();
  await a.getByText(`Request with ${BOB.name} is now Accepted.`).waitFor();
}

async function openInterviews(page) {
  await nav(page, 'Interviews');
  const item = page.locator('[data-testid^=interview-]').first();
  await item.getByRole('link', { name: 'Join' }).waitFor();
  return item;
}

/** Poll the remote video's decoded frames; resolves with the wall time. */
function firstRemoteFrame(page, timeoutMs = 20000) {
  return page.evaluate(async (timeout) => {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const pc = window.__mockroomDebug?.pc;
      if (pc && pc.connectionState !== 'closed') {
        const stats = await pc.getStats();
        for (const report of stats.values()) {
          if (
            report.type === 'inbound-rtp' &&
            report.kind === 'video' &&
            report.framesDecoded > 0
          ) {
            return { at: Date.now(), frames: report.framesDecoded };
          }
        }
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error('no remote video frame was decoded');
  }, timeoutMs);
}

/** The peer connection's state and RTP counters, for failure reports. */
function rtcSummary(page) {
  return page
    .evaluate(async () => {
      const pc = window.__mockroomDebug?.pc;
      if (!pc) return 'no peer connection';
      const rtp = [];
      for (const r of (await pc.getStats()).values()) {
        if (r.type === 'local-candidate' || r.type === 'remote-candidate') {
          rtp.push(`${r.type} ${r.candidateType} ${r.address}:${r.port}`);
        }
        if (r.type === 'inbound-rtp' || r.type === 'outbound-rtp') {
          rtp.push(
            `${r.type} ${r.kind} packets=${r.packetsReceived ?? r.packetsSent}` +
              ` decoded=${r.framesDecoded ?? '-'}`,
          );
        }
      }
      const senders = pc.getSenders().map((s) => s.track?.kind ?? 'none');
      return JSON.stringify({
        connection: pc.connectionState,
        signaling: pc.signalingState,
        gathering: pc.iceGatheringState,
        ice: pc.iceConnectionState,
        senders,
        rtp,
      });
    })
    .catch((error) => `unavailable (${error.message})`);
}

async function enterRoom(page) {
  await page
    .getByRole('heading', { name: 'Check your camera and mic' })
    .waitFor();
  // The fake camera shows in the preview before joining.
  await page.waitForFunction(() => {
    const video = document.querySelector('video[aria-label="Camera preview"]');
    return video && video.videoWidth > 0;
  });
  await page.getByRole('button', { name: 'Join room' }).click();
  await page.getByTestId('room-status').waitFor();
}

async function joinTheRoom(a, b) {
  const aItem = await openInterviews(a);
  const bItem = await openInterviews(b);
  await bItem.getByText(`With ${ADA.name}`).waitFor();
  await aItem.getByText(`With ${BOB.name}`).waitFor();
  await shoot(a, 'interviews');

  await aItem.getByRole('link', { name: 'Join' }).click();
  await a.getByRole('button', { name: 'Join room' }).waitFor();
  await shoot(a, 'device-check');
  await enterRoom(a);
  await a.locator('[data-testid=room-status][data-status=waiting]').waitFor();
  await shoot(a, 'room-waiting');

  await bItem.getByRole('link', { name: 'Join' }).click();
  await enterRoom(b);
  const [aFrame, bFrame] = await Promise.all([
    firstRemoteFrame(a),
    firstRemoteFrame(b),
  ]);
  const joined = Math.max(
    await a.evaluate(() => window.__mockroomDebug.joinedAt),
    await b.evaluate(() => window.__mockroomDebug.joinedAt),
  );
  figures.firstFrameMs = Math.max(aFrame.at, bFrame.at) - joined;
  console.log(
    `# join -> first remote frame on both sides: ${figures.firstFrameMs} ms`,
  );
  await a.locator('[data-testid=room-status][data-status=connected]').waitFor();
  await b.locator('[data-testid=room-status][data-status=connected]').waitFor();
}

async function chatBothWays(a, b) {
  await a.getByLabel('Chat message').fill('Hello Bob, ready?');
  await a.getByRole('button', { name: 'Send' }).click();
  await b.getByText('Hello Bob, ready?').waitFor();
  await b.getByLabel('Chat message').fill('Ready when you are.');
  await b.getByRole('button', { name: 'Send' }).click();
  await a.getByText('Ready when you are.').waitFor();
  await shoot(a, 'room');
}

async function refreshMidCall(a, b) {
  await b.reload();
  await enterRoom(b);
  await b.locator('[data-testid=room-status][data-status=connected]').waitFor({
    timeout: 20000,
  });
  const frames = await Promise.all([firstRemoteFrame(a), firstRemoteFrame(b)]);
  assert.ok(frames.every((f) => f.frames > 0));
  // The chat history comes back with the room.
  await b.getByText('Hello Bob, ready?').waitFor();
}

async function endAndFeedback(a, b) {
  await a.getByRole('button', { name: 'End interview' }).click();
  for (const page of [a, b]) {
    await page
      .getByRole('heading', { name: 'The interview has ended' })
      .waitFor();
  }
  await shoot(b, 'feedback');
  for (const [page, notes] of [
    [a, 'Clear answers, good questions.'],
    [b, 'Thanks, very helpful hints.'],
  ]) {
    await page.getByRole('radio', { name: '4' }).check();
    await page.getByLabel('Notes for your peer').fill(notes);
    await page.getByRole('button', { name: 'Send feedback' }).click();
    await page.getByText('Thanks, your feedback was saved.').waitFor();
  }
  await shoot(a, 'feedback-sent');
}

/** Ada opens slots from a narrower availability; Bob books one; cancel. */
async function scheduleSlots(a, b) {
  for (const page of [a, b]) {
    await page.getByRole('link', { name: 'Back to interviews' }).click();
    await page.getByRole('heading', { name: 'Interviews' }).waitFor();
  }
  await a
    .getByText('No past interviews.')
    .or(a.getByText('Completed'))
    .first()
    .waitFor();
  await nav(a, 'Profile');
  await fillWholeWeek(a, '10:00-12:00');
  await a.getByRole('button', { name: 'Save profile' }).click();
  await a.getByText('Profile saved.').first().waitFor();

  await nav(a, 'Schedule');
  await a.getByRole('grid', { name: 'Week calendar' }).waitFor();
  await shoot(a, 'schedule-empty');
  await a.getByLabel('Weeks ahead').fill('1');
  await a.getByRole('button', { name: 'Publish from availability' }).click();
  await a.getByText('Slots published.').waitFor();
  const mine = a.getByText('Your slot');
  await mine.first().waitFor();

  await nav(b, 'Schedule');
  const calendar = b.getByRole('grid', { name: 'Week calendar' });
  let book = calendar.getByRole('button', { name: /^Book Ada Lovelace/ });
  if ((await book.count()) === 0) {
    // Late in the week every slot may fall in the next one.
    await b.getByRole('button', { name: 'Next week →' }).click();
    await a.getByRole('button', { name: 'Next week →' }).click();
    book = calendar.getByRole('button', { name: /^Book Ada Lovelace/ });
  }
  const label = await book.first().getAttribute('aria-label');
  const time = label.split(' at ')[1];
  await book.first().click();
  await b.getByText('Slot booked.').waitFor();
  await shoot(b, 'schedule');

  // Ada sees the booking without reloading.
  const booked = a
    .locator('[data-testid^=slot-]')
    .filter({ hasText: `with ${BOB.name}` });
  await booked.waitFor();
  await shoot(a, 'schedule-booked');

  // Bob cancels, confirming first; Ada sees the slot open again.
  const slot = calendar
    .locator('[data-testid^=slot-]')
    .filter({ hasText: 'with you' });
  await slot.getByRole('button', { name: 'Cancel slot' }).click();
  await slot.getByRole('button', { name: 'Keep' }).click();
  await slot.getByRole('button', { name: 'Cancel slot' }).click();
  await slot.getByRole('button', { name: 'Yes, cancel' }).click();
  await b.getByText('Slot cancelled.').waitFor();
  await booked.waitFor({ state: 'detached' });
  assert.ok(time);
}

async function main() {
  await mkdir(SCREENSHOTS, { recursive: true });
  const started = Date.now();
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      '--allow-loopback-in-peer-connection',
    ],
  });
  const errors = [];
  const pages = [];
  async function openUser(who) {
    const context = await browser.newContext({
      viewport: DESKTOP,
      timezoneId: who.zone,
      locale: 'en-GB',
    });
    // Lets the room record its peer connection for the stats checks.
    await context.addInitScript(() => {
      window.__mockroomDebug = {};
      const trace = (window.__rtcTrace = []);
      const Native = window.RTCPeerConnection;
      let n = 0;
      window.RTCPeerConnection = class extends Native {
        constructor(...args) {
          super(...args);
          const id = ++n;
          const t0 = performance.now();
          const log = (what) =>
            trace.push(
              `pc${id} +${Math.round(performance.now() - t0)} ${what}`,
            );
          log('created');
          this.addEventListener('icecandidate', (e) =>
            log(`local cand ${e.candidate?.address ?? 'end'}`),
          );
          this.addEventListener('connectionstatechange', () =>
            log(`conn ${this.connectionState}`),
          );
          this.addEventListener('signalingstatechange', () =>
            log(`sig ${this.signalingState}`),
          );
          this.addEventListener('icegatheringstatechange', () =>
            log(`gather ${this.iceGatheringState}`),
          );
          const add = this.addIceCandidate.bind(this);
          this.addIceCandidate = (c) => {
            log(`remote cand ${c?.candidate?.slice(0, 40)}`);
            return add(c).catch((err) => {
              log(`addIce failed ${err}`);
              throw err;
            });
          };
          const close = this.close.bind(this);
          this.close = () => {
            log('closed');
            close();
          };
        }
      };
    });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    page.on('pageerror', (error) => errors.push(`${who.name}: ${error}`));
    pages.push([who, page]);
    return page;
  }

  let step = 'start';
  try {
    const a = await openUser(ADA);
    const b = await openUser(BOB);

    const steps = [
      ['sign up with errors', () => signUpWithErrors(a, server.url)],
      ['Ada signs up', () => signUp(a, server.url, ADA)],
      [
        'Ada fills her profile',
        () =>
          fillProfile(a, ADA, { skills: ['python', 'sql'], level: 'Advanced' }),
      ],
      [
        'profile rules and session',
        () => profileRulesAndSession(a, server.url),
      ],
      ['Bob signs up', () => signUp(b, server.url, BOB)],
      [
        'Bob fills his profile',
        () =>
          fillProfile(b, BOB, {
            skills: ['python', 'go'],
            level: 'Intermediate',
          }),
      ],
      [
        'user ids',
        async () => {
          for (const page of [a, b]) {
            page.userId = await page.evaluate(async () => {
              const token = localStorage.getItem('mockroom.token');
              const response = await fetch('/api/auth/me', {
                headers: { Authorization: `Bearer ${token}` },
              });
              return (await response.json()).user.id;
            });
          }
        },
      ],
      ['dashboard', () => dashboard(a)],
      ['best match, request, accept', () => bestMatchRequestAccepted(a, b)],
      ['both join the room', () => joinTheRoom(a, b)],
      ['chat both ways', () => chatBothWays(a, b)],
      ['Bob refreshes mid-call', () => refreshMidCall(a, b)],
      ['end and feedback', () => endAndFeedback(a, b)],
      ['schedule: publish, book, cancel', () => scheduleSlots(a, b)],
    ];
    for (const [name, run] of steps) {
      step = name;
      await run();
      console.log(`ok - ${name}`);
    }
    assert.deepEqual(errors, [], 'the pages threw uncaught errors');
    console.log(`# e2e took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    console.error(`not ok - ${step}: ${error.stack ?? error}`);
    if (errors.length) console.error(`page errors:\n${errors.join('\n')}`);
    for (const [who, page] of pages) {
      const path = join(ARTIFACTS, `failure-${who.name.split(' ')[0]}.png`);
      await page.screenshot({ path, fullPage: true }).catch(() => {});
      console.error(`${who.name} rtc: ${await rtcSummary(page)}`);
      console.error(
        (await page.evaluate(() => window.__rtcTrace).catch(() => [])).join(
          '\n',
        ),
      );
      console.error(`screenshot: ${path} (at ${page.url()})`);
    }
    console.error('--- server output ---');
    console.error(server.log().split('\n').slice(-80).join('\n'));
    process.exitCode = 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
