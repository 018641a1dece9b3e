;;; e2e.el --- credsum lsp under Emacs + Eglot, headless  -*- lexical-binding: t; -*-

;; Run (tests/e2e/run_editors.sh does):
;;   CREDSUM_BIN=target/release/credsum emacs --batch -Q -l tests/e2e/emacs/e2e.el
;; Opens the Neovim e2e fixtures (tests/e2e/nvim/fixtures), connects Eglot to `credsum lsp',
;; and checks diagnostics (code, message, exact buffer position after emoji/CJK text: Eglot
;; converts UTF-16 columns), settings from `eglot-workspace-configuration', completion and hover.
;; Prints one PASS/FAIL line per check and "emacs-N: N passed, N failed"; exits 1 on failure.

;;; Code:

(require 'package)
;; Debian's elpa-* packages (elpa-eglot) live here; -Q skips the site startup that adds it.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(setq package-user-dir (make-temp-file "credsum-e2e-elpa" t))
(package-initialize)
(require 'cl-lib)
(require 'subr-x)
(require 'eglot)
(require 'flymake)

(defvar credsum-e2e-here (file-name-directory (or load-file-name buffer-file-name)))
(defvar credsum-e2e-repo (expand-file-name "../../.." credsum-e2e-here))
(defvar credsum-e2e-fixtures (expand-file-name "tests/e2e/nvim/fixtures/" credsum-e2e-repo))
(defvar credsum-e2e-bin (or (getenv "CREDSUM_BIN")
                            (expand-file-name "target/release/credsum" credsum-e2e-repo)))
(defvar credsum-e2e-timeout
  (/ (string-to-number (or (getenv "CREDSUM_E2E_TIMEOUT_MS") "15000")) 1000.0))
(defvar credsum-e2e-label (format "emacs-%s" emacs-version))
(defvar credsum-e2e-passed 0)
(defvar credsum-e2e-failed 0)

(defun credsum-e2e-out (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun credsum-e2e-check (name ok &optional detail)
  (if ok
      (progn (cl-incf credsum-e2e-passed)
             (credsum-e2e-out "  PASS %s%s" name (if detail (format " (%s)" detail) "")))
    (cl-incf credsum-e2e-failed)
    (credsum-e2e-out "  FAIL %s%s" name (if detail (format ": %s" detail) "")))
  ok)

(defun credsum-e2e-wait (pred)
  "Process events until PRED returns non-nil or the timeout passes; return PRED's value."
  (let ((deadline (+ (float-time) credsum-e2e-timeout))
        (value nil))
    (while (and (not (setq value (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    value))

;; Set up as editors/emacs/README.md says: credsum.el on the load path, required.
(add-to-list 'load-path (expand-file-name "editors/emacs" credsum-e2e-repo))
(require 'credsum)
(setq credsum-program (list credsum-e2e-bin "lsp"))
;; The server's settings (section credsum) through workspace/configuration.
(setq-default eglot-workspace-configuration '(:credsum (:rules (:api-version "warning"))))
(setq eglot-sync-connect t
      eglot-autoshutdown t
      flymake-no-changes-timeout 0.1)

(defun credsum-e2e-open (name)
  "Visit fixture NAME and connect Eglot to it."
  (find-file (expand-file-name name credsum-e2e-fixtures))
  (unless (eglot-current-server)
    (apply #'eglot--connect (eglot--guess-contact)))
  (unless eglot--managed-mode
    (eglot--maybe-activate-editing-mode))
  (current-buffer))

(defun credsum-e2e-code (diag)
  (let ((lsp (alist-get 'eglot-lsp-diag (flymake-diagnostic-data diag))))
    (plist-get lsp :code)))

(defun credsum-e2e-diagnostics (code)
  "Wait for a diagnostic with CODE in the current buffer; return all of them."
  (credsum-e2e-wait
   (lambda ()
     (flymake-start)
     (let ((diags (flymake-diagnostics)))
       (and (cl-find code diags :key #'credsum-e2e-code :test #'equal) diags)))))

(defun credsum-e2e-find (diags code)
  (cl-find code diags :key #'credsum-e2e-code :test #'equal))

(defun credsum-e2e-codes (diags)
  (mapconcat (lambda (d) (format "%s" (credsum-e2e-code d))) diags ","))

(defun credsum-e2e-pos (needle &optional offset)
  "The buffer position of the first NEEDLE, plus OFFSET."
  (save-excursion
    (goto-char (point-min))
    (search-forward needle)
    (+ (match-beginning 0) (or offset 0))))

(defun credsum-e2e-request (method)
  "Send METHOD at point and return its result."
  (jsonrpc-request (eglot--current-server-or-lose) method
                   (eglot--TextDocumentPositionParams)
                   :timeout credsum-e2e-timeout))

(defun credsum-e2e-run ()
  (credsum-e2e-out "%s: credsum lsp e2e with Eglot %s (server %s)"
                   credsum-e2e-label
                   (or (ignore-errors (package-version-join
                                       (package-desc-version (cadr (assq 'eglot package-alist)))))
                       "?")
                   credsum-e2e-bin)
  ;; JSON body with emoji and CJK text before the error.
  (let* ((buf (credsum-e2e-open "summary.json"))
         (server (eglot-current-server)))
    (credsum-e2e-check "eglot manages summary.json" (and server eglot--managed-mode))
    (let* ((diags (credsum-e2e-diagnostics "docs-placeholder"))
           (d (credsum-e2e-find diags "docs-placeholder")))
      (when (credsum-e2e-check "summary.json: docs-placeholder diagnostic" d
                               (format "codes: %s" (credsum-e2e-codes diags)))
        (let ((want (credsum-e2e-pos "\"Integer\"")))
          (credsum-e2e-check
           "position of \"Integer\" after emoji/CJK"
           (and (= (flymake-diagnostic-beg d) want)
                (= (flymake-diagnostic-end d) (+ want (length "\"Integer\""))))
           (format "beg %d..%d, want %d; line %d col %d (chars)"
                   (flymake-diagnostic-beg d) (flymake-diagnostic-end d) want
                   (line-number-at-pos want)
                   (save-excursion (goto-char want) (- (point) (line-beginning-position))))))
        (credsum-e2e-check "message names totalUserCount and Int32"
                           (and (string-match-p "totalUserCount" (flymake-diagnostic-text d))
                                (string-match-p "Int32" (flymake-diagnostic-text d)))
                           (flymake-diagnostic-text d))
        (credsum-e2e-check "type is eglot-error" (eq (flymake-diagnostic-type d) 'eglot-error))))
    ;; Completion inside the body object.
    (goto-char (credsum-e2e-pos "\"tenantId\"" 1))
    (let* ((result (credsum-e2e-request :textDocument/completion))
           (items (if (vectorp result) result (plist-get result :items)))
           (labels (mapcar (lambda (i) (plist-get i :label)) items)))
      (credsum-e2e-check "completion offers property names"
                         (cl-every (lambda (l) (member l labels))
                                   '("tenantId" "securityDefaultsEnabled" "lastRefreshedDateTime"))
                         (format "%d items" (length labels)))
      (credsum-e2e-check "completion items are plain text (no snippet support advertised)"
                         (cl-notany (lambda (i) (eql (plist-get i :insertTextFormat) 2)) items)))
    ;; Hover on the key after the emoji.
    (goto-char (credsum-e2e-pos "\"totalUserCount\"" 2))
    (let* ((hover (credsum-e2e-request :textDocument/hover))
           (contents (plist-get hover :contents))
           (text (if (stringp contents) contents (or (plist-get contents :value) ""))))
      (credsum-e2e-check "hover on totalUserCount mentions Int32" (string-match-p "Int32" text)
                         (car (split-string text "\n"))))
    ;; The .http request: same server (same project), settings applied.
    (let ((http (credsum-e2e-open "update.http")))
      (credsum-e2e-check "update.http uses the same server" (eq (eglot-current-server) server))
      (let* ((diags (credsum-e2e-wait
                     (lambda ()
                       (flymake-start)
                       (let* ((ds (flymake-diagnostics))
                              (api (credsum-e2e-find ds "api-version")))
                         (and api (credsum-e2e-find ds "docs-placeholder")
                              (eq (flymake-diagnostic-type api) 'eglot-warning)
                              ds)))))
             (api (credsum-e2e-find diags "api-version"))
             (ph (credsum-e2e-find diags "docs-placeholder")))
        (credsum-e2e-check "update.http: api-version and docs-placeholder" (and api ph)
                           (format "codes: %s" (credsum-e2e-codes (flymake-diagnostics))))
        (when api
          (credsum-e2e-check "api-version spans v1.0"
                             (equal (buffer-substring (flymake-diagnostic-beg api)
                                                      (flymake-diagnostic-end api))
                                    "v1.0"))
          (credsum-e2e-check "settings applied: api-version is a warning"
                             (eq (flymake-diagnostic-type api) 'eglot-warning)
                             (format "%s" (flymake-diagnostic-type api)))))
      (kill-buffer http))
    (kill-buffer buf))
  (credsum-e2e-keystrokes))

(defun credsum-e2e-type (keys)
  "Type KEYS (`kbd' notation) into the current buffer, as a user would."
  (execute-kbd-macro (kbd keys)))

(defun credsum-e2e-keystrokes ()
  "Keys typed in a fresh request file, completed with C-M-i, the buffer text checked."
  (let* ((dir (make-temp-file "credsum-e2e-keys" t))
         (file (expand-file-name "body.json" dir)))
    (with-temp-file (expand-file-name "credsum.toml" dir))
    (with-temp-file file
      (insert "{\n  \"@odata.type\": \"#microsoft.graph.managedTenants.credentialUserRegistrationsSummary\",\n  \n}\n"))
    (find-file file)
    (credsum-e2e-check "body.json: a mode credsum's eglot entry names"
                       (memq major-mode '(credsum-json-mode js-json-mode))
                       (format "%s" major-mode))
    (eglot-ensure)
    ;; eglot-ensure connects from post-command-hook, after the command that visited the file.
    (run-hooks 'post-command-hook)
    (credsum-e2e-wait (lambda () (and (eglot-current-server) eglot--managed-mode)))
    ;; Only credsum.el's eglot-server-programs entry names credsum-http-mode.
    (let ((modes (condition-case e (eglot--major-modes (eglot-current-server)) (error e))))
      (credsum-e2e-check "eglot-ensure gives body.json to credsum's entry"
                         (memq 'credsum-http-mode modes) (format "modes %s" modes)))
    (goto-char (point-min))
    (forward-line 2)
    (end-of-line)
    (credsum-e2e-type "\" t o t a l U C-M-i")
    (let ((line (buffer-substring (line-beginning-position) (line-end-position))))
      (credsum-e2e-check "typed \"totalU then C-M-i: the member, quote kept"
                         (equal line "  \"totalUserCount\": 42") (format "%S" line)))
    (credsum-e2e-type ", RET \" s e c u r i t y D C-M-i")
    (let ((line (buffer-substring (line-beginning-position) (line-end-position))))
      (credsum-e2e-check "typed \"securityD then C-M-i: the member"
                         (equal (string-trim line) "\"securityDefaultsEnabled\": true")
                         (format "%S" line)))
    (set-buffer-modified-p nil)
    (kill-buffer)
    (delete-directory dir t)))

(let ((ok (condition-case err
              (progn (credsum-e2e-run) t)
            (error (credsum-e2e-check "e2e ran without a Lisp error" nil
                                      (error-message-string err))
                   nil))))
  (ignore ok)
  (ignore-errors (eglot-shutdown-all))
  (credsum-e2e-out "%s: %d passed, %d failed"
                   credsum-e2e-label credsum-e2e-passed credsum-e2e-failed)
  (kill-emacs (if (or (> credsum-e2e-failed 0) (= credsum-e2e-passed 0)) 1 0)))

;;; e2e.el ends here
