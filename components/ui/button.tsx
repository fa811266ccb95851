import { Slot } from '@radix-ui/react-slot';
import { forwardRef } from 'react';

const base =
  'inline-flex items-center justify-center gap-1.5 rounded-md text-sm font-medium transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent disabled:pointer-events-none disabled:opacity-50';

const VARIANTS = {
  primary: 'bg-primary text-primary-foreground hover:opacity-90',
  outline: 'border bg-background hover:bg-muted',
  ghost: 'text-muted-foreground hover:bg-muted hover:text-foreground',
  destructive: 'bg-destructive text-white hover:opacity-90',
} as const;

const SIZES = {
  md: 'px-3 py-1.5',
  icon: 'p-1.5',
  'icon-sm': 'p-1',
} as const;

export type ButtonVariant = keyof typeof VARIANTS;

/** The classes of a button, for the rare element that must look like one without being one. */
export function buttonClasses({ variant = 'outline', size = 'md', className = '' }: { variant?: ButtonVariant; size?: keyof typeof SIZES; className?: string } = {}) {
  return `${base} ${VARIANTS[variant]} ${SIZES[size]} ${className}`;
}

export interface ButtonProps extends React.ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  size?: keyof typeof SIZES;
  /** Renders the one child (a link, a Radix trigger's element) with the button's look. */
  asChild?: boolean;
}

/** A button in one of the app's few looks. An icon-only button needs an `aria-label`. */
export const Button = forwardRef<HTMLButtonElement, ButtonProps>(function Button(
  { variant, size, asChild = false, className, type, ...props },
  ref,
) {
  const Component = asChild ? Slot : 'button';
  return <Component ref={ref} type={asChild ? undefined : (type ?? 'button')} className={buttonClasses({ variant, size, className })} {...props} />;
});
