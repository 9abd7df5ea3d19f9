/**
 * Names the send guard shares with manifest.xml and the build. test/taskpane/manifest.test.ts checks each against the
 * manifest, so renaming one side without the other fails the tests instead of failing silently in Outlook.
 */

/** The LaunchEvent's FunctionName: the name Office.actions.associate maps to the OnMessageSend handler. */
export const SEND_HANDLER_NAME = "onMessageSendHandler";

/**
 * The id of the compose button's Control in the VersionOverrides 1.1 MessageComposeCommandSurface. The Smart Alerts
 * dialog's button opens that button's task pane (`commandId`, Mailbox 1.14).
 */
export const COMPOSE_PANE_COMMAND_ID = "inkanSignEncryptButton";

/** The webpack entry whose output, send-guard.js, the manifest's JavaScript runtime override and commands.html load. */
export const SEND_GUARD_ENTRY = "send-guard";
