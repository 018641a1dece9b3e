;;; credsum.el --- credsum language server for Eglot on stock Emacs 28 and 29  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: languages, tools

;;; Commentary:

;; Microsoft Graph credentialUserRegistrationsSummary request files in Emacs, through Eglot and
;; `credsum lsp'.  Stock Emacs has no `.http' mode and no `json-mode', so this file brings:
;;
;; - `credsum-http-mode' for `.http'/`.rest' files: a minimal major mode that colours the
;;   request line, headers, `{{variables}}', `@name = value' lines, `###' separators and
;;   comments;
;; - `credsum-json-mode' for `.json' files on Emacs 28 (a `js-mode' whose language is JSON;
;;   Emacs 29 opens `.json' in its own `js-json-mode');
;; - the `eglot-server-programs' entry naming `credsum lsp' for these modes (and `json-mode',
;;   `markdown-mode' and `gfm-mode' where installed), ahead of Eglot's own JSON server.
;;
;; Use:
;;   (add-to-list 'load-path "/path/to/credsum/editors/emacs")
;;   (require 'credsum)
;;   (add-hook 'credsum-http-mode-hook #'eglot-ensure)    ; and json/markdown modes as you like
;;
;; The server's own association (credsum.toml, the @odata.type, the endpoint) decides which of
;; these files are request files, as `credsum lint' does; the others get nothing from it.

;;; Code:

(defgroup credsum nil
  "Microsoft Graph credentialUserRegistrationsSummary requests through `credsum lsp'."
  :group 'languages)

(defcustom credsum-program '("credsum" "lsp")
  "The command that starts the credsum language server."
  :type '(repeat string))

(defconst credsum-http-methods
  '("GET" "POST" "PUT" "PATCH" "DELETE" "HEAD" "OPTIONS")
  "The methods a request line of an `.http' file starts with.")

(defconst credsum-http-font-lock-keywords
  `((,(concat "^\\(" (regexp-opt credsum-http-methods) "\\)[ \t]+\\([^ \t\n]+\\)")
     (1 font-lock-keyword-face) (2 font-lock-string-face))
    ("^###.*$" . font-lock-comment-face)
    ("^\\(#\\|//\\).*$" . font-lock-comment-face)
    ("^\\(@[A-Za-z_][A-Za-z0-9_.-]*\\)[ \t]*=" 1 font-lock-variable-name-face)
    ("^\\([A-Za-z][A-Za-z0-9-]*\\):" 1 font-lock-builtin-face)
    ("{{[^}\n]+}}" 0 font-lock-constant-face t))
  "What `credsum-http-mode' colours.")

;;;###autoload
(define-derived-mode credsum-http-mode prog-mode "HTTP"
  "Major mode for `.http'/`.rest' request files (JetBrains/VS Code REST Client style).
Colours the request line, headers, variables and comments; `###' separates requests."
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "\\(?:#+\\|//+\\)[ \t]*")
  (setq-local font-lock-defaults '(credsum-http-font-lock-keywords)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.\\(?:http\\|rest\\)\\'" . credsum-http-mode))

;; Emacs 28 opens `.json' in `js-mode', which Eglot gives to a JavaScript server; a mode of its
;; own lets Eglot tell JSON from JavaScript.  Emacs 29 has `js-json-mode'.
(unless (fboundp 'js-json-mode)
  (define-derived-mode credsum-json-mode js-mode "JSON"
    "JSON files on Emacs 28 (`js-mode' with its own name, so Eglot can tell JSON apart).")
  (add-to-list 'auto-mode-alist '("\\.json\\'" . credsum-json-mode)))

(defconst credsum-eglot-modes
  '((credsum-http-mode :language-id "http")
    (credsum-json-mode :language-id "json")
    (js-json-mode :language-id "json")
    (json-mode :language-id "json")
    (markdown-mode :language-id "markdown")
    (gfm-mode :language-id "markdown"))
  "The major modes whose buffers Eglot gives to `credsum lsp'.")

(with-eval-after-load 'eglot
  (defvar eglot-server-programs)
  (add-to-list 'eglot-server-programs
               (cons credsum-eglot-modes (lambda (&optional _interactive) credsum-program))))

(provide 'credsum)
;;; credsum.el ends here
