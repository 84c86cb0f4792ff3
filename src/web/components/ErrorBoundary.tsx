import { Component, type ErrorInfo, type ReactNode } from 'react';
import { storedLanguage } from '../i18n/context.js';
import { translate } from '../i18n/translate.js';

interface Props {
  children: ReactNode;
  /** A change (e.g. the page's path) clears the error and shows the children again. */
  resetKey?: unknown;
}

/**
 * A crash while rendering shows a note in the user's language instead of a blank page or a stack trace. Needs no
 * provider, so it can wrap the whole app; the layout wraps each page in one too, keeping the menu usable.
 */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  override componentDidUpdate(previous: Props) {
    if (this.state.failed && previous.resetKey !== this.props.resetKey) this.setState({ failed: false });
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    const language = storedLanguage();
    return (
      <div className="banner banner-error" role="alert">
        <p className="banner-title">{translate(language, 'crash.title')}</p>
        <p>{translate(language, 'crash.text')}</p>
        <button type="button" className="btn btn-secondary" onClick={() => window.location.reload()}>
          {translate(language, 'common.reload')}
        </button>
      </div>
    );
  }
}
