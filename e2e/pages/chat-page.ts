import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../lib/auth/demo-accounts';

/** What a person does on the chat page, so tests read like their steps. */
export class ChatPage {
  readonly composer: Locator;
  readonly sendButton: Locator;
  readonly sidebar: Locator;
  readonly assistantMessages: Locator;
  readonly userMessages: Locator;
  readonly toolCalls: Locator;
  readonly errorBanner: Locator;
  readonly queuedMessages: Locator;

  constructor(readonly page: Page) {
    this.composer = page.getByRole('textbox', { name: 'Message' });
    this.sendButton = page.getByRole('button', { name: 'Send' });
    this.sidebar = page.getByRole('navigation', { name: 'Chat history' });
    this.assistantMessages = page.locator('[data-role="assistant"]');
    this.userMessages = page.locator('[data-role="user"] [data-testid="user-text"]');
    this.toolCalls = page.getByTestId('tool-call');
    this.errorBanner = page.getByTestId('error-banner');
    this.queuedMessages = page.getByTestId('queued-messages').getByRole('listitem');
  }

  /** Opens the app on a new chat, continuing as a guest if the browser has no session yet. */
  async openNewChat() {
    await this.page.goto('/');
    if (new URL(this.page.url()).pathname === '/sign-in') await this.continueAsGuest();
    await this.waitForNewChat();
  }

  /** The sign-in page's one-click guest session. */
  async continueAsGuest() {
    await this.page.getByRole('button', { name: 'Continue as guest' }).click();
    await expect(this.page).toHaveURL(/\/$/);
  }

  /** Signs in with email and password from the sign-in page, and lands on a new chat. */
  async signIn(email: string, password: string) {
    await this.page.goto('/sign-in');
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await this.waitForNewChat();
  }

  /** A new chat is ready: its address is "/" and it shows the opening screen. */
  async waitForNewChat() {
    await expect(this.page).toHaveURL(/\/$/);
    await expect(this.page.getByRole('heading', { name: 'How can I help?' })).toBeVisible();
    await expect(this.composer).toBeEditable();
  }

  /** Types and sends a message, and waits until it shows: in the conversation, or queued. */
  async send(text: string) {
    const shown = async () => (await this.userMessages.count()) + (await this.queuedMessages.count());
    const before = await shown();
    await this.composer.fill(text);
    await this.composer.press('Enter');
    await expect.poll(shown).toBeGreaterThan(before);
  }

  /** The id in the address bar, once the first message has created the chat. */
  async chatId(): Promise<string> {
    await expect(this.page).toHaveURL(/\/chat\/[0-9a-f-]{36}$/);
    return new URL(this.page.url()).pathname.split('/').pop()!;
  }

  lastAnswer(): Locator {
    return this.assistantMessages.last();
  }

  /** The newest answer is over and no turn runs (the box's "answering" note is gone). */
  async waitForAnswerToFinish() {
    await expect(this.lastAnswer()).toHaveAttribute('data-status', /completed|failed/, { timeout: 30_000 });
    await expect(this.page.getByTestId('composer-status')).toHaveCount(0);
  }

  /** The approval card of the newest answer. */
  approvalCard(): Locator {
    return this.lastAnswer().getByTestId('approval-card');
  }

  async approve(reason?: string) {
    const card = this.approvalCard();
    if (reason) await card.getByRole('textbox', { name: 'Reason (optional)' }).fill(reason);
    await card.getByRole('button', { name: 'Approve' }).click();
  }

  async reject(reason?: string) {
    const card = this.approvalCard();
    if (reason) await card.getByRole('textbox', { name: 'Reason (optional)' }).fill(reason);
    await card.getByRole('button', { name: 'Reject' }).click();
  }

  /** Asks the agent about an order and returns its answer's text. */
  async lookUpOrder(orderNumber: number): Promise<string> {
    const question = `Where is order ${orderNumber}?`;
    await this.send(question);
    // Its own answer: the page may still be showing an earlier turn (then the question waits its turn).
    const answer = this.answerTo(question);
    await expect(answer).toHaveAttribute('data-status', /completed|failed/, { timeout: 30_000 });
    return answer.innerText();
  }

  /** The answer that follows the newest message with this text. */
  answerTo(text: string): Locator {
    return this.page
      .locator('[data-role="user"]')
      .filter({ hasText: text })
      .last()
      .locator('xpath=following-sibling::*[@data-role="assistant"][1]');
  }

  /** A message of the person's own, by its text (the box it is edited in has none: the newest edited). */
  userMessage(text: string): Locator {
    return this.page.locator('[data-role="user"]').filter({ hasText: text });
  }

  /** "2/2": which of the answers to the newest question is shown. */
  answerPosition(answer: Locator = this.lastAnswer()): Locator {
    return answer.getByTestId('answer-position');
  }

  /** A message's actions show when the pointer is over it. */
  async messageAction(message: Locator, name: 'Copy answer' | 'Regenerate answer' | 'Edit message' | 'Previous answer' | 'Next answer') {
    await message.hover();
    return message.getByRole('button', { name });
  }

  async copyAnswer(answer: Locator = this.lastAnswer()) {
    await (await this.messageAction(answer, 'Copy answer')).click();
    await expect(answer.getByTestId('copy-status')).toHaveText('Copied to the clipboard');
  }

  async clipboardText(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  async regenerateAnswer() {
    await (await this.messageAction(this.lastAnswer(), 'Regenerate answer')).click();
  }

  /** Edits one of the person's messages and sends it again (Enter). */
  async editMessage(text: string, edited: string) {
    await (await this.messageAction(this.userMessage(text), 'Edit message')).click();
    const box = this.page.getByRole('textbox', { name: 'Edit message' });
    await expect(box).toHaveValue(text);
    await box.fill(edited);
    await box.press('Enter');
  }

  /** Moves the keyboard focus (backwards with Shift+Tab) until it reaches the control with this name. */
  async keyboardTo(name: string, key: 'Tab' | 'Shift+Tab' = 'Shift+Tab') {
    for (let step = 0; step < 40; step++) {
      await this.page.keyboard.press(key);
      const focused = await this.page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent);
      if (focused === name) return this.page.getByRole('button', { name, exact: true }).and(this.page.locator(':focus'));
    }
    throw new Error(`"${name}" never got the focus`);
  }

  chatLink(title: string | RegExp): Locator {
    return this.sidebar.getByRole('link', { name: title });
  }
}

/** A person in a browser of their own on `baseURL`: a demo person signed in by email, or a new guest. */
export async function personAt(browser: Browser, baseURL: string, email?: string) {
  const context = await browser.newContext({ baseURL });
  const chat = new ChatPage(await context.newPage());
  if (email) await chat.signIn(email, DEMO_PASSWORD);
  else await chat.openNewChat();
  return { context, chat, page: chat.page };
}
