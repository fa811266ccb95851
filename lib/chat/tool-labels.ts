/** What each tool is called in the UI. Safe to import from client components. */
const TOOL_LABELS: Record<string, string> = {
  searchOrders: 'Search orders',
  getOrder: 'Look up order',
  getCustomer: 'Look up customer',
  addOrderNote: 'Add order note',
  updateShippingAddress: 'Change shipping address',
  refundOrder: 'Refund order',
  cancelOrder: 'Cancel order',
};

export function toolLabel(toolName: string): string {
  return TOOL_LABELS[toolName] ?? toolName;
}
