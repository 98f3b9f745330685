import { Component } from 'react';

export class ErrorBoundary extends Component {
  state = { error: null };

  static getDerivedStateFromError(error) {
    return { error };
  }

  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" className="m-6 rounded-md bg-rose-50 p-4 text-rose-800">
        <p className="font-medium">This page hit an unexpected error.</p>
        <p className="text-sm">{this.state.error.message}</p>
        <button
          type="button"
          className="mt-2 text-sm underline focus-visible:outline-2"
          onClick={() => this.setState({ error: null })}
        >
          Try again
        </button>
      </div>
    );
  }
}
