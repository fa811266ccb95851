'use client';

import type { LinkSafetyConfig, LinkSafetyModalProps } from 'streamdown';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';

/** Asks before a link in an answer opens another site: the model wrote it, not us. */
function ExternalLinkDialog({ isOpen, onClose, onConfirm, url }: LinkSafetyModalProps) {
  return (
    <AlertDialog open={isOpen} onOpenChange={(open) => !open && onClose()}>
      <AlertDialogContent>
        <AlertDialogTitle>Open external link?</AlertDialogTitle>
        <AlertDialogDescription>
          You are about to visit another website: <span className="font-mono text-foreground">{url}</span>
        </AlertDialogDescription>
        <AlertDialogFooter>
          <AlertDialogCancel />
          <AlertDialogAction onClick={onConfirm}>Open link</AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}

/** Streamdown's link check with our dialog (one object: Streamdown compares it by identity). */
export const linkSafety: LinkSafetyConfig = { enabled: true, renderModal: (props) => <ExternalLinkDialog {...props} /> };
