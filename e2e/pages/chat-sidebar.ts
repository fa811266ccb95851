import { expect, type Locator, type Page } from '@playwright/test';

/** What a person does with the chat list: find, rename, delete, search. */
export class ChatSidebar {
  readonly history: Locator;
  readonly searchBox: Locator;

  constructor(readonly page: Page) {
    this.history = page.getByRole('navigation', { name: 'Chat history' });
    this.searchBox = page.getByRole('searchbox', { name: 'Search chats' });
  }

  chatLink(title: string | RegExp): Locator {
    return this.history.getByRole('link', { name: title });
  }

  optionsButton(title: string): Locator {
    return this.page.getByRole('button', { name: `Options for chat “${title}”` });
  }

  /** The section headings of the list, top to bottom ("Today", "Yesterday", …). */
  groupLabels(): Locator {
    return this.history.getByRole('heading');
  }

  /** Renames a chat with the keyboard only: its options button, Enter, Rename, the new title, Enter. */
  async renameWithKeyboard(title: string, newTitle: string) {
    await this.optionsButton(title).focus();
    await this.page.keyboard.press('Enter');
    await expect(this.page.getByRole('menuitem', { name: 'Rename' })).toBeFocused();
    await this.page.keyboard.press('Enter');
    const field = this.history.getByRole('textbox', { name: 'Chat title' });
    await expect(field).toBeFocused();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.type(newTitle);
    await this.page.keyboard.press('Enter');
    await expect(this.chatLink(newTitle)).toBeVisible();
  }

  /** Opens a chat's menu and chooses Delete; returns the question that asks to confirm. */
  async askToDelete(title: string): Promise<Locator> {
    await this.optionsButton(title).click();
    await this.page.getByRole('menuitem', { name: 'Delete' }).click();
    const dialog = this.page.getByRole('alertdialog', { name: 'Delete this chat?' });
    await expect(dialog).toBeVisible();
    return dialog;
  }

  async deleteChat(title: string) {
    const dialog = await this.askToDelete(title);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(dialog).toBeHidden();
  }

  async search(text: string) {
    await this.searchBox.fill(text);
  }

  searchStatus(): Locator {
    return this.history.getByRole('status');
  }
}
