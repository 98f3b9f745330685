// Browser end-to-end test: a real server, Debian's Chromium, the built
// client. Run with `npm run e2e` after `npm run build`.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function signUpAndEditProfile(page, url) {
  // An empty form gets the API's field errors under each field.
  await page.goto(`${url}/signup`);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByText('password must be at least 8 bytes').waitFor();
  assert.equal(
    await page.getByLabel('Password').getAttribute('aria-invalid'),
    'true',
  );

  // A good sign-up lands on the profile with the live socket connected.
  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.waitForURL('**/profile');
  await page
    .locator('[data-testid=connection-state][data-state=connected]')
    .waitFor();

  // Overlapping ranges are refused before anything is sent.
  await page.getByLabel('Skills', { exact: true }).fill('python');
  await page.keyboard.press('Enter');
  await page.getByLabel('Experience level').selectOption('Advanced');
  await page.getByRole('button', { name: 'Add a range on Monday' }).click();
  await page.getByLabel('Monday range 1').fill('09:00-12:00');
  await page.getByRole('button', { name: 'Add a range on Monday' }).click();
  await page.getByLabel('Monday range 2').fill('11:00-13:00');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByText('Overlaps another range on this day').waitFor();

  await page.getByLabel('Monday range 2').fill('13:00-24:00');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await page.getByText('Profile saved.').waitFor();
}

async function sessionSurvivesRefreshAndLogin(page, url) {
  // The token is kept, so a refresh stays signed in with the saved profile.
  await page.reload();
  await page.getByLabel('Monday range 2').waitFor();
  assert.equal(
    await page.getByLabel('Monday range 2').inputValue(),
    '13:00-24:00',
  );
  assert.equal(
    await page.getByLabel('Experience level').inputValue(),
    'Advanced',
  );

  // Logging out returns to the login page; protected pages send there too.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.goto(`${url}/profile`);
  await page.waitForURL('**/login');

  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Password').fill('wrong password here');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').waitFor();

  // After logging in, the user goes back to the page they asked for.
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/profile');
  await page.getByText('python').waitFor();
}

async function main() {
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const errors = [];
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(10000);
    page.on('pageerror', (error) => errors.push(error.message));

    const steps = [signUpAndEditProfile, sessionSurvivesRefreshAndLogin];
    for (const step of steps) {
      await step(page, server.url);
      console.log(`ok - ${step.name}`);
    }
    assert.deepEqual(errors, [], 'the page threw uncaught errors');
  } catch (error) {
    console.error(`not ok - ${error.message}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
